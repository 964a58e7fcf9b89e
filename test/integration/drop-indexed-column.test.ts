import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables, indexes} from '../support/catalog';
import {describeEachDatabase, type DatabaseKind} from '../support/databases';

const code = {type: 'string', mysql: {dataType: 'varchar', dataLength: 20}};

/** An index over these columns, as each connector reads `settings.indexes`. */
function index(kind: DatabaseKind, ...names: string[]) {
  return kind === 'postgresql'
    ? {keys: Object.fromEntries(names.map(n => [n, 1]))}
    : {columns: names.join(',')};
}

/**
 * Ways a model declares an index on the property `name` (`code`, or `sku`:
 * `code` renamed); the indexes keep their names.
 */
const shapes = (
  kind: DatabaseKind,
  name = 'code',
): Record<string, Partial<ModelSpec>> => ({
  'index: true': {
    properties: {[name]: {...code, index: true}},
  },
  'settings.indexes': {
    properties: {[name]: code},
    settings: {indexes: {item_code: index(kind, name)}},
  },
  'a composite index': {
    properties: {[name]: code},
    settings: {indexes: {code_title: index(kind, name, 'title')}},
  },
  'all three at once': {
    properties: {[name]: {...code, index: true}},
    settings: {
      indexes: {
        item_code: index(kind, name),
        code_title: index(kind, name, 'title'),
      },
    },
  },
});

/** A full plan of the app finds nothing left to do. */
async function expectSettled(app: MigratingApp): Promise<void> {
  const again = await migrateSchemaWithReport(app, {fullCheck: true});
  expect(again.dataSources[0]).to.containDeep({
    status: 'up-to-date',
    statements: [],
  });
}

function item(extra: Partial<ModelSpec> = {}): ModelSpec {
  return {
    name: 'Item',
    properties: {
      id: {type: 'number', id: true, generated: true},
      title: {type: 'string', mysql: {dataType: 'varchar', dataLength: 20}},
      ...extra.properties,
    },
    settings: extra.settings,
  };
}

describeEachDatabase('removing a property that has an index', (db, kind) => {
  beforeEach(() => dropAllTables(db()));

  for (const [shape, declared] of Object.entries(shapes(kind))) {
    it(`drops the column and its index (${shape}), and the next run has nothing to do`, async () => {
      const before = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        item(declared),
      ]);
      await before.migrateSchema();
      await closeApp(before);

      const after = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        item(),
      ]);
      try {
        const report = await migrateSchemaWithReport(after);
        expect(report.dataSources[0].status).to.equal('migrated');
        expect((await columns(db(), 'item')).map(c => c.column)).to.eql([
          'id',
          'title',
        ]);
        const again = await migrateSchemaWithReport(after);
        expect(again.dataSources[0]).to.containDeep({
          status: 'up-to-date',
          statements: [],
        });
      } finally {
        await closeApp(after);
      }
    });
  }

  for (const [shape, declared] of Object.entries(shapes(kind, 'sku'))) {
    it(`renaming the indexed property (${shape}) makes its indexes on the new column in the same run`, async () => {
      const before = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        item(shapes(kind)[shape]),
      ]);
      await before.migrateSchema();
      await closeApp(before);
      const wanted = (await indexes(db()))
        .filter(i => i.columns.includes('code'))
        .map(i => ({...i, columns: i.columns.replace('code', 'sku')}));

      const after = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        item(declared),
      ]);
      try {
        const report = await migrateSchemaWithReport(after, {
          acceptDataLoss: true,
        });
        expect(report.dataSources[0].status).to.equal('migrated');
        const made = (await indexes(db())).filter(i => i.table === 'item');
        expect(made.filter(i => i.columns.includes('code'))).to.eql([]);
        // The same indexes, on sku (a property's own index is named after its column).
        const shape = (list: typeof made) =>
          list.map(i => `${i.unique ? 'unique ' : ''}${i.columns}`).sort();
        expect(shape(made.filter(i => i.columns.includes('sku')))).to.eql(
          shape(wanted),
        );
        await expectSettled(after);
      } finally {
        await closeApp(after);
      }
    });
  }

  it('moves a single-column index of settings.indexes to the column its key now names', async () => {
    const declaring = (column: string, unique: boolean) =>
      item({
        properties: {code},
        settings: {
          indexes: {
            item_key:
              kind === 'postgresql'
                ? {keys: {[column]: 1}, options: {unique}}
                : {columns: column, kind: unique ? 'UNIQUE' : undefined},
          },
        },
      });
    const before = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      declaring('code', false),
    ]);
    await before.migrateSchema();
    await closeApp(before);
    // On PostgreSQL, then made unique (the connector compares uniqueness
    // there; loopback-connector-mysql compares an index's columns only).
    const steps = [['title', false] as const, ['title', true] as const];
    for (const [column, unique] of kind === 'postgresql'
      ? steps
      : steps.slice(0, 1)) {
      const after = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        declaring(column, unique),
      ]);
      try {
        const report = await migrateSchemaWithReport(after);
        expect(report.dataSources[0].status).to.equal('migrated');
        expect(
          (await indexes(db())).filter(i => i.name === 'item_key'),
        ).to.containDeep([{columns: column, unique}]);
        await expectSettled(after);
      } finally {
        await closeApp(after);
      }
    }
  });
});
