export {SchemaMigrationMixin} from './schema-migration.mixin';
export {SchemaMigrator} from './migrator';
export * from './errors';
export * from './keys';
export type * from './types';
