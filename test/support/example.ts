import {spawn} from 'node:child_process';
import path from 'node:path';
import type {TestDatabase} from './databases';

/** The compiled todo example (examples/todo), next to the compiled tests. */
export const EXAMPLE_DIR = path.resolve(__dirname, '../../examples/todo/src');

/** What a child process did. */
export interface ProcessRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of this process without any database variable
 * (`DATABASE_URL`, `PG*`): what a machine with nothing configured has.
 */
export function envWithoutDatabase(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (name === 'DATABASE_URL' || name.startsWith('PG')) continue;
    env[name] = value;
  }
  return {...env, NO_COLOR: '1'};
}

/** The `PG*` variables that name a test database. */
export function pgVariables(db: TestDatabase): Record<string, string> {
  const c = connection(db);
  return {
    PGHOST: c.host,
    PGPORT: String(c.port),
    PGUSER: c.user,
    PGPASSWORD: c.password,
    PGDATABASE: c.database,
  };
}

/** `DATABASE_URL` naming a test database. */
export function databaseUrl(db: TestDatabase): string {
  const c = connection(db);
  const password = c.password ? `:${encodeURIComponent(c.password)}` : '';
  return `postgres://${encodeURIComponent(c.user)}${password}@${c.host}:${c.port}/${c.database}`;
}

function connection(db: TestDatabase) {
  const config = db.dataSourceConfig as {
    host: string;
    port: number;
    user: string;
    password?: string;
    database: string;
  };
  return {...config, password: config.password ?? ''};
}

/**
 * Run one of the example's scripts (`migrate.js`, `index.js`) as a user
 * would, with `env` as its whole environment, and wait for it to exit.
 */
export function runExample(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<ProcessRun> {
  const child = spawn(
    process.execPath,
    ['--no-deprecation', path.join(EXAMPLE_DIR, script), ...args],
    {env, stdio: ['ignore', 'pipe', 'pipe']},
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => (stdout += chunk));
  child.stderr.on('data', chunk => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({code, signal, stdout, stderr}),
    );
  });
}
