import {expect} from '@loopback/testlab';
import {DriverQueryCounter} from '../../bench/counters';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase, type DatabaseKind} from '../support/databases';

/** `count` models, each with a property index and a single-key `settings.indexes`. */
function indexedModels(kind: DatabaseKind, count: number): ModelSpec[] {
  return Array.from({length: count}, (_, i) => ({
    name: `Indexed${i + 1}`,
    properties: {
      id: {type: 'number', id: true, generated: true},
      code: {type: 'string', mysql: {dataType: 'varchar', dataLength: 20}},
      sku: {
        type: 'string',
        index: true,
        mysql: {dataType: 'varchar', dataLength: 20},
      },
    },
    settings: {
      indexes: {
        [`indexed${i + 1}_code`]:
          kind === 'postgresql' ? {keys: {code: 1}} : {columns: 'code'},
      },
    },
  }));
}

describeEachDatabase('index checks of a full plan', (db, kind) => {
  const counter = new DriverQueryCounter();
  before(() => counter.install());
  after(() => counter.uninstall());
  beforeEach(() => dropAllTables(db()));

  async function fullCheckRoundTrips(models: ModelSpec[]): Promise<number> {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    try {
      await app.migrateSchema();
      counter.start();
      await app.migrateSchema({fullCheck: true});
      return counter.stop().roundTrips;
    } finally {
      counter.stop();
      await closeApp(app);
    }
  }

  it('reads the indexes from the catalog snapshot: the round trips do not grow with the models', async () => {
    const one = await fullCheckRoundTrips(indexedModels(kind, 1));
    await dropAllTables(db());
    const six = await fullCheckRoundTrips(indexedModels(kind, 6));
    expect(six).to.equal(one);
  });
});
