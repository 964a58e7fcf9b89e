import type {Entity} from '@loopback/repository';
import {
  buildApp,
  buildAppOfClasses,
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
 * package's mixin, `stock` with LoopBack's own, `ofClasses` with either
 * and decorated model classes) is closed after it.
 */
export function appsPerTest(db: () => TestDatabase) {
  const apps: Array<MigratingApp | StockApp> = [];
  beforeEach(() => dropAllTables(db()));
  afterEach(async () => {
    for (const made of apps.splice(0)) await closeApp(made);
  });
  function kept<A extends MigratingApp | StockApp>(made: A): A {
    apps.push(made);
    return made;
  }
  const config = () => ({db: db().dataSourceConfig});
  return {
    app: (models: readonly ModelSpec[]) =>
      kept(buildApp(MigratingApp, config(), models)),
    stock: (models: readonly ModelSpec[]) =>
      kept(buildApp(StockApp, config(), models)),
    ofClasses: <A extends MigratingApp | StockApp>(
      AppClass: new () => A,
      modelClasses: readonly (typeof Entity)[],
    ) => kept(buildAppOfClasses(AppClass, config(), modelClasses)),
  };
}
