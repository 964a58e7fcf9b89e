// The public API: what the README documents, nothing else.
export {SchemaMigrationMixin} from './schema-migration.mixin';
export type {ApplicationWithSchemaMigration} from './application';
export {migrateSchemaWithReport} from './migrate-with-report';
export * from './errors';
export type {DatabaseErrorFields} from './database-error';
export type {LockHolder} from './dialects/lock-impact';
export {
  DEFAULT_SCRIPT_TIMEOUT_MS,
  DEFAULT_STATEMENT_LOCK_TIMEOUT_MS,
  MAX_TIMEOUT_MS,
} from './options';
export type * from './types';
export {
  DEFAULT_LOCK_TIMEOUT_MS,
  MIGRATION_LOCK_NAME,
} from './runner/lock-session';
export {POSTGRES_LOCK_KEY} from './dialects/postgresql/lock-key';
export {mysqlLockName} from './dialects/mysql/lock-name';
export {
  runMigrationCli,
  EXIT,
  type CliIo,
  type MigratableApplication,
} from './cli';
export {migrationScript} from './scripts/decorator';
export {MigrationScriptBooter} from './scripts/booter-export';
export type {MigrationScriptClass} from './scripts/registry';
export {
  DEFAULT_MIGRATION_LEDGER_TABLE,
  MIGRATION_LEDGER_TABLE,
} from './scripts/keys';
export type * from './scripts/types';
export type {GeneratedMigration} from './generate/generate';
export type {GenerateMigrationOptions} from './generate/options';
export type {GeneratedChanges} from './generate/render';
export type {InverseStatement} from './dialects/shadow';
