/**
 * The booter of migration scripts. This module imports `@loopback/boot` (an
 * optional peer dependency): load it only for apps that boot
 * (see `registerMigrationScriptBooter`).
 */
import {debugLogger} from '../debug';
import {
  BaseArtifactBooter,
  BootBindings,
  booter,
  isClass,
  loadClassesFromFiles,
  type ArtifactOptions,
} from '@loopback/boot';
import {
  config,
  CoreBindings,
  createBindingFromClass,
  inject,
  type Application,
  type Constructor,
} from '@loopback/core';
import path from 'node:path';
import {InvalidMigrationScriptError} from '../errors';
import {MIGRATION_SCRIPT_TAG} from './keys';
import {
  isLoopback4MigrationBinding,
  keepOurScriptsFromLoopback4Migration,
} from './loopback4-migration';
import {bindMigrationScript, type MigrationScriptClass} from './registry';
import {deletedSourceOf} from '../compiled-source';
import {scriptSourceFile} from './script-source';

const debug = debugLogger('booter');

/**
 * Where the booter looks by default: `migrations/**\/*.migration.js` under
 * the project root, the defaults of the `loopback4-migration` package.
 * Change them with `bootOptions.migrations` (`dirs`, `extensions`, `nested`,
 * `glob`).
 */
export const MigrationScriptBooterDefaults: ArtifactOptions = {
  dirs: ['migrations'],
  extensions: ['.migration.js'],
  nested: true,
};

/**
 * Finds migration scripts in `migrations/*.migration.js` (nested folders
 * too) and registers each exported class marked as a script of this
 * package (`@migrationScript()` from `loopback-schema-migration`), as
 * `app.migrationScript()` does. Every other class is left alone (a debug
 * line says why): those of `loopback4-migration` are its own, and a class
 * without the decorator is not a script of this package. Two scripts with
 * one version, e.g. a stale copy left in the build output after a rename,
 * are an error naming both files. `SchemaMigrationMixin` adds it to apps
 * with `BootMixin`.
 */
@booter('migrations')
export class MigrationScriptBooter extends BaseArtifactBooter {
  constructor(
    @inject(CoreBindings.APPLICATION_INSTANCE)
    private readonly app: Application,
    @inject(BootBindings.PROJECT_ROOT) projectRoot: string,
    @config() migrationOptions: ArtifactOptions = {},
  ) {
    super(projectRoot, {...MigrationScriptBooterDefaults, ...migrationOptions});
  }

  /** Register the scripts of every discovered file. */
  override async load(): Promise<void> {
    this.classes = [];
    // Before any file is loaded: a stale one must not run, nor be imported.
    for (const file of this.discovered) refuseStaleFile(file);
    for (const file of this.discovered) {
      for (const cls of loadScriptFile(file, this.projectRoot)) {
        const why = notOurs(cls);
        if (why) {
          debug('%s: leaving %s alone: %s', file, cls.name, why);
          continue;
        }
        bindMigrationScript(
          this.app,
          cls as MigrationScriptClass,
          undefined,
          scriptSourceFile(file),
        );
        this.classes.push(cls);
      }
    }
    keepOurScriptsFromLoopback4Migration(this.app);
  }
}

/**
 * Refuse a compiled script whose source file was deleted (or renamed): left
 * in the build output, it would still run on every database it has not run
 * on yet.
 *
 * @throws InvalidMigrationScriptError naming the file and its missing source
 */
function refuseStaleFile(file: string): void {
  const source = deletedSourceOf(file);
  if (!source) return;
  throw new InvalidMigrationScriptError(
    `The migration script file ${path.relative(process.cwd(), file)} was compiled from ` +
      `${source}, which no longer exists: a stale copy left in the build output after ` +
      'its source was deleted or renamed (the TypeScript compiler never removes an ' +
      'output file). It was not run. Delete it, or clean the build (`npm run rebuild` ' +
      'in an app made by lb4), then run again.',
  );
}

/**
 * The classes a script file exports: its named exports (`export class`,
 * `export default class`) and a class that is the module itself
 * (`module.exports = Seed`, TypeScript's `export = Seed`), which LoopBack's
 * `loadClassesFromFiles()` does not look at.
 *
 * @throws InvalidMigrationScriptError naming the file (and its source) when
 * it cannot be loaded: Node's message for a syntax error names none
 */
function loadScriptFile(
  file: string,
  projectRoot: string,
): ReturnType<typeof loadClassesFromFiles> {
  try {
    const classes = loadClassesFromFiles([file], projectRoot);
    // Loaded, and cached, by the call above.
    const exported: unknown = require.cache[require.resolve(file)]?.exports;
    return isClass(exported) && !classes.includes(exported)
      ? [...classes, exported]
      : classes;
  } catch (err) {
    const compiled = path.relative(process.cwd(), file);
    const source = scriptSourceFile(file);
    throw new InvalidMigrationScriptError(
      `Could not load the migration script file ${compiled}` +
        (source === compiled ? '' : ` (compiled from ${source})`) +
        `: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}. ` +
        'Fix it (and build again); a file left in the build output after ' +
        'its source was deleted: delete it (clean the build).',
      {cause: err},
    );
  }
}

/**
 * Why a class is not a script of this package, or `undefined` when it is
 * one (decorated with `@migrationScript()`).
 */
function notOurs(cls: Constructor<unknown>): string | undefined {
  if (!isClass(cls)) return 'not a class';
  const binding = createBindingFromClass(cls);
  if (MIGRATION_SCRIPT_TAG in binding.tagMap) return undefined;
  if (isLoopback4MigrationBinding(binding)) {
    return 'a script of loopback4-migration (its @migrationScript()), which runs it';
  }
  return typeof (cls.prototype as {up?: unknown}).up === 'function'
    ? 'it has an up() method but no @migrationScript() decorator of ' +
        'loopback-schema-migration (a loopback4-migration script, or add the decorator)'
    : 'not decorated with @migrationScript()';
}
