import type {Application, MixinTarget} from '@loopback/core';
import {SchemaMigrator} from './migrator';
import type {SchemaMigrationOptions, SchemaMigrationReport} from './types';

/**
 * Adds a safe, ordered `migrateSchema()` and a `planSchemaMigration()` to an
 * application class. It is a drop-in for `RepositoryMixin`'s
 * `migrateSchema()`: wrap the application class, change nothing else.
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
  return class SchemaMigrationApplication extends superClass {
    /**
     * Update (`existingSchema: 'alter'`, the default) or rebuild
     * (`existingSchema: 'drop'`) the schema of every datasource, with tables
     * created before the foreign keys that point at them.
     */
    async migrateSchema(
      options?: SchemaMigrationOptions,
    ): Promise<SchemaMigrationReport> {
      return new SchemaMigrator(this).migrate(options);
    }

    /** Compute every statement `migrateSchema(options)` would run; change nothing. */
    async planSchemaMigration(
      options?: SchemaMigrationOptions,
    ): Promise<SchemaMigrationReport> {
      return this.migrateSchema({...options, dryRun: true});
    }
  };
}
