import {expect} from '@loopback/testlab';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, indexes} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

/** Columns named with SQL in them: a statement end, a comment start. */
function notes(indexed: boolean): ModelSpec[] {
  return [
    {
      name: 'Note',
      properties: {
        id: {type: 'number', id: true},
        'a;b': {type: 'string', mysql: {dataType: 'varchar', dataLength: 40}},
        'x--y': {type: 'string', mysql: {dataType: 'varchar', dataLength: 40}},
      },
      settings: {
        postgresql: {table: 'note'},
        mysql: {table: 'note'},
        indexes: indexed ? {by_ab: {keys: {'a;b': 1, 'x--y': -1}}} : {},
      },
    },
  ];
}

describeEachDatabase(
  'index keys naming columns with ; or -- in their names',
  db => {
    beforeEach(() => dropAllTables(db()));

    async function migrate(indexed: boolean): Promise<string[]> {
      const app = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig},
        notes(indexed),
      );
      try {
        await app.migrateSchema();
        const again = await app.planSchemaMigration({fullCheck: true});
        return again.dataSources[0].statements.map(s => s.sql);
      } finally {
        await closeApp(app);
      }
    }

    it('adds the index to an existing table, on those columns, and settles', async () => {
      await migrate(false);
      expect(await migrate(true)).to.eql([]);
      const [index] = (await indexes(db())).filter(i => i.name === 'by_ab');
      expect(index.columns).to.match(/^"?a;b"?,"?x--y"?$/);
    });

    it('creates the table with the index, and settles', async () => {
      expect(await migrate(true)).to.eql([]);
      expect((await indexes(db())).map(i => i.name)).to.containEql('by_ab');
    });
  },
);
