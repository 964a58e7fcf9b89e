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
function indexedModels(
  kind: DatabaseKind,
  count: number,
  added?: string,
): ModelSpec[] {
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
      ...(added ? {[added]: {type: 'number'}} : {}),
    },
    settings: {
      indexes: {
        [`indexed${i + 1}_code`]:
          kind === 'postgresql' ? {keys: {code: 1}} : {columns: 'code'},
      },
    },
  }));
}

describeEachDatabase('the catalog reads of a plan', (db, kind) => {
  const counter = new DriverQueryCounter();
  before(() => counter.install());
  after(() => counter.uninstall());
  beforeEach(() => dropAllTables(db()));

  /** The round trips of planning `after` in full on the schema of `before`. */
  async function roundTrips(
    before: ModelSpec[],
    after: ModelSpec[] = before,
  ): Promise<number> {
    const open = (models: ModelSpec[]) =>
      buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    const first = open(before);
    try {
      await first.migrateSchema();
    } finally {
      await closeApp(first);
    }
    const app = open(after);
    try {
      counter.start();
      await app.planSchemaMigration({fullCheck: true});
      return counter.stop().roundTrips;
    } finally {
      counter.stop();
      await closeApp(app);
    }
  }

  it('reads the indexes from the catalog snapshot: the round trips do not grow with the models', async () => {
    const one = await roundTrips(indexedModels(kind, 1));
    await dropAllTables(db());
    const six = await roundTrips(indexedModels(kind, 6));
    expect(six).to.equal(one);
  });

  it('reads the columns of tables that gain one from the snapshot: the round trips do not grow with them', async () => {
    const one = await roundTrips(
      indexedModels(kind, 1),
      indexedModels(kind, 1, 'extra'),
    );
    await dropAllTables(db());
    const six = await roundTrips(
      indexedModels(kind, 6),
      indexedModels(kind, 6, 'extra'),
    );
    expect(six).to.equal(one);
  });
});
