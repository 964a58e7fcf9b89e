/**
 * The booter of migration scripts. This module imports `@loopback/boot` (an
 * optional peer dependency): load it only for apps that boot
 * (see `registerMigrationScriptBooter`).
 */
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
import debugFactory from 'debug';
import path from 'node:path';
import {InvalidMigrationScriptError} from '../errors';
import {DEBUG_NAMESPACE} from '../keys';
import {MIGRATION_SCRIPT_TAG} from './keys';
import {registerMigrationScript, type MigrationScriptClass} from './registry';

const debug = debugFactory(`${DEBUG_NAMESPACE}:booter`);

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
 * too) and registers each exported class that has an `up()` method or is
 * decorated with `@migrationScript()`, as `app.migrationScript()` does.
 * `SchemaMigrationMixin` adds it to apps with `BootMixin`.
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
    for (const file of this.discovered) {
      for (const cls of loadClassesFromFiles([file], this.projectRoot)) {
        if (!isMigrationScriptClass(cls)) {
          debug('%s: skipping %s (no up(), not decorated)', file, cls.name);
          continue;
        }
        try {
          registerMigrationScript(this.app, cls);
        } catch (err) {
          if (!(err instanceof InvalidMigrationScriptError)) throw err;
          throw new InvalidMigrationScriptError(
            `${err.message} (in ${path.relative(this.projectRoot, file)})`,
          );
        }
        this.classes.push(cls);
      }
    }
  }
}

/** A class with an `up()` method, or decorated with `@migrationScript()`. */
function isMigrationScriptClass(
  cls: Constructor<unknown>,
): cls is MigrationScriptClass {
  if (!isClass(cls)) return false;
  if (typeof (cls.prototype as {up?: unknown}).up === 'function') return true;
  return MIGRATION_SCRIPT_TAG in createBindingFromClass(cls).tagMap;
}
