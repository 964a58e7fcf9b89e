import {MixinOrderError} from '../errors';
import {MIXIN_FORMS} from '../mixin-forms';

/**
 * Throw when the app's class is not wrapped in `SchemaMigrationMixin` at
 * all (`src/migrate.ts` switched to `runMigrationCli`, `application.ts` not
 * yet changed): its `migrateSchema()` is LoopBack's own, which would
 * migrate unguarded, and there is no plan, status or report to print.
 *
 * @throws MixinOrderError saying how to wrap the class
 */
export function requireSchemaMigrationMixin(app: object): void {
  if (
    typeof (app as {planSchemaMigration?: unknown}).planSchemaMigration ===
    'function'
  ) {
    return;
  }
  throw new MixinOrderError(
    "the application class is not wrapped in SchemaMigrationMixin: its migrateSchema() is LoopBack's own, " +
      `which would migrate without a plan or a guard. Nothing was migrated. ${MIXIN_FORMS}`,
  );
}
