import {BootMixin} from '@loopback/boot';
import {Application} from '@loopback/core';
import {RepositoryMixin} from '@loopback/repository';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {SchemaMigrationMixin} from '../../src';

/**
 * A booted app of a project written by a test: `projectRoot` is the
 * project's `dist`, where the booters look for `migrations/*.migration.js`.
 */
export class BootedApp extends SchemaMigrationMixin(
  BootMixin(RepositoryMixin(Application)),
) {
  constructor(projectRoot: string) {
    super();
    this.projectRoot = projectRoot;
  }
}

/** What the scripts of written projects log, in the order they run. */
export function scriptLog(): string[] {
  const holder = globalThis as {migrationScriptLog?: string[]};
  holder.migrationScriptLog ??= [];
  return holder.migrationScriptLog;
}

/** A project on disk: `<root>/package.json` and `<root>/dist/...`. */
export interface WrittenProject {
  readonly root: string;
  /** Its `dist` folder: the app's `projectRoot`. */
  readonly dist: string;
  /** Write files under `dist` (replacing the `migrations` folder when given). */
  write(files: Record<string, string>): void;
  /** Set the version in its package.json (loopback4-migration's app version). */
  setVersion(version: string): void;
  remove(): void;
}

/** Make a project in a temporary folder. */
export function writeProject(version = '1.0.0'): WrittenProject {
  const root = mkdtempSync(path.join(tmpdir(), 'lsm-project-'));
  const dist = path.join(root, 'dist');
  const project: WrittenProject = {
    root,
    dist,
    write(files) {
      rmSync(path.join(dist, 'migrations'), {recursive: true, force: true});
      for (const [file, text] of Object.entries(files)) {
        const full = path.join(dist, file);
        mkdirSync(path.dirname(full), {recursive: true});
        writeFileSync(full, text);
        // A module written again must be loaded again.
        delete require.cache[full];
      }
    },
    setVersion(v) {
      writeFileSync(
        path.join(root, 'package.json'),
        JSON.stringify({name: 'written-project', version: v}),
      );
    },
    remove() {
      rmSync(root, {recursive: true, force: true});
    },
  };
  project.setVersion(version);
  return project;
}

const LIBRARY = JSON.stringify(path.resolve(__dirname, '../../src'));
const LOOPBACK4_MIGRATION = JSON.stringify(
  require.resolve('loopback4-migration'),
);

/** How a script in a written file is marked. */
export type ScriptMark =
  /** `@migrationScript()` of this package: `up(ctx)`. */
  | 'ours'
  /** `@migrationScript()` of loopback4-migration: `up()`. */
  | 'loopback4-migration'
  /** No decorator, an `up()` method (loopback4-migration registers it). */
  | 'none';

/**
 * The text of a `*.migration.js` file exporting one script class, whose
 * `up()` logs `<mark>:<version>` (and, when it got a `MigrationContext`,
 * `+ctx`), and `down()` logs `down <mark>:<version>`; its `dataSource` when
 * given.
 */
export function scriptFile(
  mark: ScriptMark,
  className: string,
  version: string,
  dataSource?: string,
): string {
  const decorate = {
    ours: `require(${LIBRARY}).migrationScript()(${className});`,
    'loopback4-migration': `require(${LOOPBACK4_MIGRATION}).migrationScript()(${className});`,
    none: '',
  }[mark];
  const log = 'globalThis.migrationScriptLog ??= []';
  return `'use strict';
class ${className} {
  constructor() { this.version = ${JSON.stringify(version)};${dataSource ? ` this.dataSource = ${JSON.stringify(dataSource)};` : ''} }
  async up(ctx) { (${log}).push(${JSON.stringify(`${mark}:${version}`)} + (ctx ? ' +ctx' : '')); }
  async down() { (${log}).push(${JSON.stringify(`down ${mark}:${version}`)}); }
}
${decorate}
exports.${className} = ${className};
`;
}

/** A source map of a compiled file, naming its source. */
export function sourceMap(source: string): string {
  return JSON.stringify({version: 3, sources: [source], mappings: ''});
}
