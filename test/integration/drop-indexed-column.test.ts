import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {describeEachDatabase, type DatabaseKind} from '../support/databases';

const code = {type: 'string', mysql: {dataType: 'varchar', dataLength: 20}};

/** An index over these columns, as each connector reads `settings.indexes`. */
function index(kind: DatabaseKind, ...names: string[]) {
  return kind === 'postgresql'
    ? {keys: Object.fromEntries(names.map(n => [n, 1]))}
    : {columns: names.join(',')};
}

/** Ways a model declares an index on `code`. */
const shapes = (kind: DatabaseKind): Record<string, Partial<ModelSpec>> => ({
  'index: true': {
    properties: {code: {...code, index: true}},
  },
  'settings.indexes': {
    properties: {code},
    settings: {indexes: {item_code: index(kind, 'code')}},
  },
  'a composite index': {
    properties: {code},
    settings: {indexes: {code_title: index(kind, 'code', 'title')}},
  },
  'all three at once': {
    properties: {code: {...code, index: true}},
    settings: {
      indexes: {
        item_code: index(kind, 'code'),
        code_title: index(kind, 'code', 'title'),
      },
    },
  },
});

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
});
