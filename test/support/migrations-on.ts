import {migrateSchemaWithReport, type SchemaMigrationOptions} from '../../src';
import {buildApp, closeApp, MigratingApp, type ModelSpec} from './app-builder';
import {dropAllTables} from './catalog';
import type {TestDatabase} from './databases';

/**
 * For a suite (call it in its `describe`) whose tests migrate one app after
 * another on `db`, as an app's releases do: each test starts on a database
 * without tables; the function returned closes the app before, builds one
 * declaring `models` on the datasources of `dataSources()` (by default `db`
 * alone) and migrates it; the last app is closed after each test.
 */
export function migrationsOn(
  db: () => TestDatabase,
  dataSources: () => Record<string, Record<string, unknown>> = () => ({
    db: db().dataSourceConfig,
  }),
) {
  let app: MigratingApp | undefined;
  beforeEach(() => dropAllTables(db()));
  afterEach(async () => {
    if (app) await closeApp(app);
    app = undefined;
  });
  return async (
    models: readonly ModelSpec[],
    options?: SchemaMigrationOptions,
  ) => {
    if (app) await closeApp(app);
    app = buildApp(MigratingApp, dataSources(), models);
    return migrateSchemaWithReport(app, options);
  };
}
