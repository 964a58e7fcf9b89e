export {SchemaMigrationMixin} from './schema-migration.mixin';
export {SchemaMigrator} from './migrator';
export * from './errors';
export * from './keys';
export type * from './types';
export {
  DEFAULT_LOCK_TIMEOUT_MS,
  MIGRATION_LOCK_NAME,
  POSTGRES_LOCK_KEY,
  mysqlLockName,
} from './runner/lock';
export {
  runMigrationCli,
  EXIT,
  type CliIo,
  type MigratableApplication,
} from './cli';
