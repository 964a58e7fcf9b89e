import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, MigrationWillFailError} from '../../src';
import {closeApp, type MigratingApp} from '../support/app-builder';
import {withIndex} from '../support/indexed-item';
import {dropAllTables, tables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

describeOnDatabase(
  'postgresql',
  'an index of settings.indexes in the columns form (postgresql)',
  db => {
    let app: MigratingApp | undefined;
    beforeEach(() => dropAllTables(db()));
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
    });

    it('is refused with how to declare it for PostgreSQL, changing nothing', async () => {
      app = withIndex(db().dataSourceConfig, {
        columns: 'group, code DESC',
        kind: 'UNIQUE',
      });
      const plan = await app.planSchemaMigration();
      const refused = plan.dataSources[0].statements
        .map(s => s.willFail)
        .filter(Boolean);
      expect(refused).to.have.length(1);
      expect(refused[0]).to.match(
        /^index "byGroup" declares `columns: 'group, code DESC'`, the mysql connector's form, which the postgresql connector does not read: it takes the entry's properties \("columns", "kind"\) for the columns to index\. Declare the keys instead: `\{keys: \{"group": 1, "code": -1\}, options: \{unique: true\}\}`$/,
      );
      expect(refused[0]).to.not.match(/no column "columns"/);
      const error = await rejection(migrateSchemaWithReport(app));
      expect(error).to.be.instanceOf(MigrationWillFailError);
      expect(await tables(db())).to.eql([]);
    });
  },
);
