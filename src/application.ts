import type {Binding, BindingFromClassOptions} from '@loopback/core';
import type {MigrationScriptClass} from './scripts/registry';
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
 * What `SchemaMigrationMixin` adds to an application: type a function that
 * takes any app built with the mixin with it.
 *
 * @example
 * ```ts
 * async function deploy(app: ApplicationWithSchemaMigration) {
 *   const report = await app.planSchemaMigration();
 *   ...
 * }
 * ```
 */
export interface ApplicationWithSchemaMigration {
  /** The booter of `migrations/*.migration.js` (apps with `BootMixin`). */
  readonly migrationScriptBooterBinding: Binding | undefined;
  /** Plan, apply, then run pending scripts; resolves to the report (an override may return nothing). */
  migrateSchema(
    options?: SchemaMigrationOptions,
  ): Promise<SchemaMigrationReport | void>;
  /** Every statement `migrateSchema(options)` would run; changes nothing. */
  planSchemaMigration(
    options?: SchemaMigrationOptions,
  ): Promise<SchemaMigrationReport>;
  /** Register a migration script class. */
  migrationScript(
    scriptClass: MigrationScriptClass,
    nameOrOptions?: string | BindingFromClassOptions,
  ): Binding<MigrationScript>;
  /** Every migration script with its state. */
  migrationStatus(): Promise<MigrationScriptStatus[]>;
  /** Run `down()` of applied scripts. */
  revertMigrations(
    options?: RevertMigrationsOptions,
  ): Promise<SchemaMigrationReport>;
  /** Record scripts as applied without running them. */
  baselineMigrations(
    options?: BaselineMigrationsOptions,
  ): Promise<SchemaMigrationReport>;
  /** Write a migration script from the models, planned on a shadow database. */
  generateMigrationScript(
    name: string,
    options?: GenerateMigrationOptions,
  ): Promise<GeneratedMigration>;
}
