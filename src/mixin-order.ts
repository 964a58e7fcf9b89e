import {MixinOrderError} from './errors';
import {MIXIN_FORMS} from './mixin-forms';

/**
 * Throw when `RepositoryMixin` wraps `SchemaMigrationMixin`: between the app
 * and the mixin's class (`ours`) a class defines `migrateSchema()` beside
 * `getRepository()`, as `RepositoryMixin` does. Its `migrateSchema()` never
 * calls `super`, so `app.migrateSchema()` (and `src/migrate.ts`) would run
 * LoopBack's own, with no guard, while `planSchemaMigration()` plans this
 * package's. An app's own override (the documented one) defines no
 * `getRepository()` and is left alone.
 */
export function checkMixinOrder(app: object, ours: object): void {
  for (
    let current = Object.getPrototypeOf(app) as object | null;
    current && current !== ours;
    current = Object.getPrototypeOf(current) as object | null
  ) {
    if (owns(current, 'migrateSchema') && owns(current, 'getRepository')) {
      throw new MixinOrderError(
        "SchemaMigrationMixin is wrapped by RepositoryMixin: LoopBack's own " +
          `migrateSchema() would run instead of the guarded one. ${MIXIN_FORMS}`,
      );
    }
  }
}

function owns(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}
