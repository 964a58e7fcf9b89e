import {expect} from '@loopback/testlab';
import {InvalidModelError, migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, indexes, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** Column names with quotes, spaces, unicode and SQL in them. */
const ODD_COLUMNS: ModelSpec = {
  name: 'Odd',
  properties: {
    id: {type: 'number', id: true},
    'we"ird': {type: 'string'},
    "it's": {type: 'string'},
    'sp ace': {type: 'string'},
    ünï: {type: 'string'},
    injected: {
      type: 'string',
      postgresql: {columnName: 'a"; DROP TABLE odd; --'},
      mysql: {columnName: 'b`; DROP TABLE Odd; --'},
    },
  },
};

/** A table whose name holds a single quote (and other quotes). */
const QUOTED_TABLE: ModelSpec = {
  name: 'Quoted',
  properties: {id: {type: 'number', id: true}, title: {type: 'string'}},
  settings: {
    postgresql: {table: "it's"},
    mysql: {table: 'it\'s `a` "table"'},
  },
};

/** {@link ODD_COLUMNS} with an index keyed on columns with quotes and spaces. */
function indexedOddColumns(kind: string): ModelSpec {
  const quoted = kind === 'mysql' ? 'gr`oup' : 'we"ird';
  return {
    ...ODD_COLUMNS,
    properties: {
      ...ODD_COLUMNS.properties,
      [quoted]: {type: 'string', length: 20},
    },
    settings: {indexes: {ix_odd: {keys: {[quoted]: 1, 'sp ace': -1}}}},
  };
}

describeEachDatabase(
  'names with quotes, spaces and SQL in them',
  (db, kind) => {
    beforeEach(() => dropAllTables(db()));

    async function migrate(spec: ModelSpec, fullCheck = false) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [spec]);
      try {
        return await migrateSchemaWithReport(app, {fullCheck});
      } finally {
        await closeApp(app);
      }
    }

    it('creates such columns, and the next run finds nothing to do', async () => {
      expect((await migrate(ODD_COLUMNS)).dataSources[0].status).to.equal(
        'migrated',
      );
      expect((await migrate(ODD_COLUMNS)).dataSources[0].status).to.equal(
        'up-to-date',
      );
    });

    it('adds an index keyed on such columns to an existing table, and the next run finds nothing to do', async () => {
      await migrate({
        ...ODD_COLUMNS,
        properties: indexedOddColumns(kind).properties,
      });
      expect(
        (await migrate(indexedOddColumns(kind))).dataSources[0].status,
      ).to.equal('migrated');
      const again = await migrate(indexedOddColumns(kind), true);
      expect(again.dataSources[0].statements).to.eql([]);
      const names = (await indexes(db())).map(i => i.name.toLowerCase());
      expect(names).to.containEql('ix_odd');
    });

    if (kind === 'mysql') {
      it('creates a table whose name holds quotes, and the next run finds nothing to do', async () => {
        expect((await migrate(QUOTED_TABLE)).dataSources[0].status).to.equal(
          'migrated',
        );
        expect((await migrate(QUOTED_TABLE)).dataSources[0].status).to.equal(
          'up-to-date',
        );
      });
    } else {
      it('refuses a table name holding a single quote before any change (the connector would never find the table)', async () => {
        const error = await rejection(migrate(QUOTED_TABLE));
        expect(error).to.be.instanceOf(InvalidModelError);
        expect((error as InvalidModelError).code).to.equal(
          'MIGRATION_INVALID_MODEL',
        );
        expect(error.message).to.match(
          /model Quoted: the table is named "it's", which holds a single quote/,
        );
        expect(error.message).to.match(/settings\.postgresql\.table/);
        expect(await tables(db())).to.eql([]);
      });
    }
  },
);
