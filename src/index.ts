export {SchemaMigrationMixin} from './schema-migration.mixin';
export {
  migrateSchemaWithReport,
  type AppWithMigrateSchema,
} from './migrate-with-report';
export {SchemaMigrator} from './migrator';
export * from './errors';
export type {DatabaseErrorFields} from './database-error';
export * from './keys';
export type * from './types';
export {
  DEFAULT_LOCK_TIMEOUT_MS,
  MIGRATION_LOCK_NAME,
  POSTGRES_LOCK_KEY,
  mysqlLockName,
} from './runner/lock';
export {DEFAULT_SCRIPT_TIMEOUT_MS} from './scripts/timeout';
export {
  runMigrationCli,
  EXIT,
  type CliIo,
  type MigratableApplication,
} from './cli';
export {migrationScript, asMigrationScript} from './scripts/decorator';
export {
  registerMigrationScript,
  createMigrationScriptBinding,
  type MigrationScriptClass,
} from './scripts/registry';
export {
  DEFAULT_MIGRATION_LEDGER_TABLE,
  MIGRATION_LEDGER_TABLE,
  MIGRATION_SCRIPT_TAG,
  MIGRATION_SCRIPTS_NAMESPACE,
} from './scripts/keys';
export {scriptChecksum} from './scripts/checksum';
export {compareVersions, isSemver} from './scripts/version-order';
export type * from './scripts/types';
