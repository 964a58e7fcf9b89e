import {expect} from '@loopback/testlab';
import {InvalidModelError, migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

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

describeEachDatabase(
  'names with quotes, spaces and SQL in them',
  (db, kind) => {
    beforeEach(() => dropAllTables(db()));

    async function migrate(spec: ModelSpec) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [spec]);
      try {
        return await migrateSchemaWithReport(app);
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
        const error = await migrate(QUOTED_TABLE).then(
          () => undefined,
          (err: Error) => err,
        );
        expect(error).to.be.instanceOf(InvalidModelError);
        expect((error as InvalidModelError).code).to.equal(
          'MIGRATION_INVALID_MODEL',
        );
        expect(error!.message).to.match(
          /model Quoted: the table is named "it's", which holds a single quote/,
        );
        expect(error!.message).to.match(/settings\.postgresql\.table/);
        expect(await tables(db())).to.eql([]);
      });
    }
  },
);
