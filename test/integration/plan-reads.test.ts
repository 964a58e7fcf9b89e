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

/**
 * `count` models in a foreign key chain, each with what makes the
 * connectors plan a change the catalog already has (so that the plan
 * checks it there): a property index on a column with an `_`, a
 * single-key and a two-key `settings.indexes`, and types the PostgreSQL
 * connector spells otherwise than the catalog (`decimal`, `INT`, `float`).
 */
function indexedModels(
  kind: DatabaseKind,
  count: number,
  added?: string,
): ModelSpec[] {
  const varchar = {mysql: {dataType: 'varchar', dataLength: 20}};
  return Array.from({length: count}, (_, i) => ({
    name: `Indexed${i + 1}`,
    properties: {
      id: {type: 'number', id: true, generated: true},
      code: {type: 'string', ...varchar},
      sku: {type: 'string', index: true, ...varchar},
      partNo: {
        type: 'string',
        index: true,
        postgresql: {columnName: 'part_no'},
        mysql: {...varchar.mysql, columnName: 'part_no'},
      },
      price: {
        type: 'number',
        postgresql: {dataType: 'decimal', dataPrecision: 10, dataScale: 2},
      },
      quantity: {type: 'number', postgresql: {dataType: 'INT'}},
      ratio: {type: 'number', postgresql: {dataType: 'float'}},
      previousId: {type: 'number'},
      ...(added ? {[added]: {type: 'number'}} : {}),
    },
    settings: {
      indexes: {
        [`indexed${i + 1}_code`]:
          kind === 'postgresql' ? {keys: {code: 1}} : {columns: 'code'},
        [`indexed${i + 1}_code_sku`]:
          kind === 'postgresql'
            ? {keys: {code: 1, sku: -1}}
            : {columns: 'code,sku'},
      },
      ...(i > 0 && {
        foreignKeys: {
          [`fk_indexed${i + 1}_previous`]: {
            name: `fk_indexed${i + 1}_previous`,
            entity: `Indexed${i}`,
            entityKey: 'id',
            foreignKey: 'previousId',
          },
        },
      }),
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

  it('reads the indexes and column types from the catalog snapshot: the round trips do not grow with the models', async () => {
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

  it('plans a fresh create of many tables in as many round trips as of a few', async () => {
    /** The round trips of planning `models` on an empty database. */
    async function freshPlan(models: ModelSpec[]): Promise<number> {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
      try {
        counter.start();
        const plan = await app.planSchemaMigration();
        expect(plan.dataSources[0].statements.length).to.be.above(0);
        return counter.stop().roundTrips;
      } finally {
        counter.stop();
        await closeApp(app);
      }
    }
    // Both have foreign keys (whose types are compared once) and more
    // tables than one session's share of PostgreSQL's lock table (asked once).
    const six = await freshPlan(indexedModels(kind, 6));
    const twelve = await freshPlan(indexedModels(kind, 12));
    expect(twelve).to.equal(six);
  });
});
