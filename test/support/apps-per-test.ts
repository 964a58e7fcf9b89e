import {
  buildApp,
  closeApp,
  MigratingApp,
  StockApp,
  type ModelSpec,
} from './app-builder';
import {dropAllTables} from './catalog';
import type {TestDatabase} from './databases';

/**
 * For a suite (call it in its `describe`) whose tests build several apps on
 * `db`'s datasource `db`: each test starts on a database without tables,
 * and every app built with the functions returned (`app` with this
 * package's mixin, `stock` with LoopBack's own) is closed after it.
 */
export function appsPerTest(db: () => TestDatabase) {
  const apps: Array<MigratingApp | StockApp> = [];
  beforeEach(() => dropAllTables(db()));
  afterEach(async () => {
    for (const made of apps.splice(0)) await closeApp(made);
  });
  function build<A extends MigratingApp | StockApp>(
    AppClass: new () => A,
    models: readonly ModelSpec[],
  ): A {
    const made = buildApp(AppClass, {db: db().dataSourceConfig}, models);
    apps.push(made);
    return made;
  }
  return {
    app: (models: readonly ModelSpec[]) => build(MigratingApp, models),
    stock: (models: readonly ModelSpec[]) => build(StockApp, models),
  };
}
