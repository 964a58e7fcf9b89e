import type {ApplicationWithSchemaMigration} from './application';
import type {
  Application,
  Binding,
  BindingFromClassOptions,
  Context,
  MixinTarget,
} from '@loopback/core';
import {SchemaMigrator} from './migrator';
import {noteFailure, noteReport} from './migrate-with-report';
import {checkMixinOrder} from './mixin-order';
import {withRepositoryMixin} from './repository-base';
import {registerMigrationScriptBooter} from './scripts/register-booter';
import {
  registerMigrationScript,
  type MigrationScriptClass,
} from './scripts/registry';
import type {
  BaselineMigrationsOptions,
  MigrationScript,
  MigrationScriptStatus,
  RevertMigrationsOptions,
} from './scripts/types';
import type {SchemaMigrationOptions, SchemaMigrationReport} from './types';
import type {GeneratedMigration} from './generate/generate';
import type {GenerateMigrationOptions} from './generate/options';

/**
 * Adds a safe, ordered `migrateSchema()` and a `planSchemaMigration()` to an
 * application class, and versioned migration scripts (`migrationScript()`,
 * `migrationStatus()`, `revertMigrations()`). It is a drop-in for
 * `RepositoryMixin`'s `migrateSchema()`: wrap the application class, change
 * nothing else. On a `BootMixin` app it also adds the booter that finds
 * `migrations/*.migration.js`. It may also stand in place of
 * `RepositoryMixin`, which it then applies itself (`withRepositoryMixin`).
 *
 * @example
 * ```ts
 * export class TodoListApplication extends SchemaMigrationMixin(
 *   BootMixin(ServiceMixin(RepositoryMixin(RestApplication))),
 * ) {}
 * ```
 */
export function SchemaMigrationMixin<T extends MixinTarget<Application>>(
  superClass: T,
) {
  return class SchemaMigrationApplication
    extends withRepositoryMixin(superClass)
    implements ApplicationWithSchemaMigration
  {
    /**
     * The binding of the booter of `migrations/*.migration.js`, on apps with
     * `BootMixin`; `undefined` on others.
     */
    readonly migrationScriptBooterBinding: Binding | undefined =
      registerMigrationScriptBooter(this);

    /**
     * @throws MixinOrderError when `RepositoryMixin` wraps this mixin (its
     * `migrateSchema()` would run instead of this one)
     */
    // A mixin's constructor takes whatever its base class takes.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      super(...args);
      checkMixinOrder(this, SchemaMigrationApplication.prototype);
    }

    /**
     * Update (`existingSchema: 'alter'`, the default) or rebuild
     * (`existingSchema: 'drop'`) the schema of every datasource, with tables
     * created before the foreign keys that point at them; then run every
     * migration script not yet applied (unless `scripts: false`). Resolves
     * to the report of the run.
     *
     * The declared result also allows `void`, so that LoopBack's documented
     * override compiles unchanged:
     *
     * ```ts
     * async migrateSchema(options?: SchemaMigrationOptions) {
     *   await super.migrateSchema(options);
     *   // seed predefined instances
     * }
     * ```
     *
     * `planSchemaMigration()` never calls such an override, and
     * `runMigrationCli` prints the report whether the override returns it or
     * not (and the failure, also when the override caught it).
     */
    async migrateSchema(
      options?: SchemaMigrationOptions,
    ): Promise<SchemaMigrationReport | void> {
      const migrator = new SchemaMigrator(asContext(this));
      const report = await migrator.migrate(options).catch((err: unknown) => {
        noteFailure(this, err);
        throw err;
      });
      noteReport(this, report);
      return report;
    }

    /**
     * Compute every statement `migrateSchema(options)` would run; change
     * nothing. It does not call an overriding `migrateSchema()`, so the
     * extra steps of an override (seeding) never run in a plan.
     */
    async planSchemaMigration(
      options?: SchemaMigrationOptions,
    ): Promise<SchemaMigrationReport> {
      return new SchemaMigrator(asContext(this)).migrate({
        ...options,
        dryRun: true,
      });
    }

    /**
     * Register a migration script class. It is checked at once: it needs an
     * `up()` and a version no other script has.
     *
     * @example
     * ```ts
     * app.migrationScript(SeedDefaultLists);
     * ```
     */
    migrationScript(
      scriptClass: MigrationScriptClass,
      nameOrOptions?: string | BindingFromClassOptions,
    ): Binding<MigrationScript> {
      return registerMigrationScript(
        asContext(this),
        scriptClass,
        nameOrOptions,
      );
    }

    /**
     * Every migration script with its state (`applied`, `pending`,
     * `changed`), and ledger rows of scripts no longer in the code
     * (`missing`). Changes nothing.
     */
    async migrationStatus(): Promise<MigrationScriptStatus[]> {
      // Loaded when called, as the methods below: a start never needs them.
      const {migrationStatus} = await import('./scripts/migration-status');
      return migrationStatus(asContext(this));
    }

    /**
     * Run `down()` of applied scripts, highest version first: one by default,
     * `{steps: n}`, or every one above `{to: version}`.
     */
    async revertMigrations(
      options?: RevertMigrationsOptions,
    ): Promise<SchemaMigrationReport> {
      const {revertMigrations} = await import('./scripts/revert');
      return revertMigrations(asContext(this), options);
    }

    /**
     * Record migration scripts as applied without running them, for a
     * database that already has what they do: every script up to
     * `{to: version}` (all without it), of the `dataSources` given (all by
     * default). The report lists them as `baselined`.
     */
    async baselineMigrations(
      options?: BaselineMigrationsOptions,
    ): Promise<SchemaMigrationReport> {
      const {baselineMigrations} = await import('./scripts/baseline');
      return baselineMigrations(asContext(this), options);
    }

    /**
     * Write `src/migrations/<version>-<name>.migration.ts` (see
     * {@link GenerateMigrationOptions}): the statements that bring the
     * schema the app's migration scripts make up to the models, planned on
     * a temporary shadow database on each datasource's server (dropped
     * afterwards), with a `down()` of their exact inverses. The app's own
     * databases are not changed; nothing is written when nothing changes.
     *
     * @example
     * ```ts
     * const {file} = await app.generateMigrationScript('add-todo-priority');
     * ```
     */
    async generateMigrationScript(
      name: string,
      options?: GenerateMigrationOptions,
    ): Promise<GeneratedMigration> {
      const {generateMigrationScript} = await import('./generate/generate');
      return generateMigrationScript(asContext(this), name, options);
    }
  };
}

/**
 * The app as the context it is: `MixinTarget` keeps only public members in
 * the type, so `this` is not typed as a `Context`, though it is one.
 */
function asContext(app: object): Context {
  return app as Context;
}
