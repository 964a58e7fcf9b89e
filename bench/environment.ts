import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import os from 'node:os';
import {dirname, join} from 'node:path';
import type {DatabaseKind} from '../test/support/databases';
import {dropDatabase, freshDatabase} from './databases';

/** Where and with what the benchmark ran. */
export interface Environment {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly os: string;
  readonly node: string;
  /** `SELECT version()` per database. */
  readonly servers: Partial<Record<DatabaseKind, string>>;
  /** Installed versions of the packages that do the migrating. */
  readonly packages: Record<string, string>;
  /** The measured code: git commit, and whether src/ had uncommitted changes. */
  readonly code: string;
  /** 1-minute load averages at the start and the end of the run. */
  readonly load: {start: number; end?: number};
}

const PACKAGES = [
  '@loopback/repository',
  'loopback-datasource-juggler',
  'loopback-connector-postgresql',
  'loopback-connector-mysql',
  'loopback-connector',
  'pg',
  'mysql2',
];

/** Describe the machine, Node.js, the database servers and the packages. */
export async function describeEnvironment(
  databases: readonly DatabaseKind[],
): Promise<Environment> {
  const servers: Partial<Record<DatabaseKind, string>> = {};
  for (const kind of databases) {
    const db = await freshDatabase(kind);
    try {
      const [row] = await db.query<{version: string}>(
        'SELECT version() AS version',
      );
      servers[kind] = row.version;
    } finally {
      await dropDatabase(db);
    }
  }
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    code: codeVersion(),
    servers,
    packages: Object.fromEntries(PACKAGES.map(p => [p, packageVersion(p)])),
    load: {start: os.loadavg()[0]},
  };
}

/** `git describe`-like: the commit, and "+ uncommitted changes in src/" when so. */
function codeVersion(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    const commit = git('log', '-1', '--format=%h %s');
    const dirty = git('status', '--porcelain', '--', 'src').length > 0;
    return dirty ? `${commit} (+ uncommitted changes in src/)` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/**
 * The version of the copy of a package this process loads: the one
 * `@loopback/repository` loads where that is a copy of its own (juggler,
 * pinned by `overrides`, is not hoisted).
 */
function packageVersion(name: string): string {
  let dir: string;
  try {
    const repository = dirname(require.resolve('@loopback/repository'));
    dir = dirname(require.resolve(name, {paths: [repository]}));
  } catch {
    return 'not installed';
  }
  for (; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
      name?: string;
      version?: string;
    };
    if (pkg.name === name) return pkg.version ?? 'unknown';
  }
  return 'unknown';
}
