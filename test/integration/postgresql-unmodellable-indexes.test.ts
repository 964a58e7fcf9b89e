import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {describeOnDatabase} from '../support/databases';

const CUSTOMER = {
  name: 'Customer',
  properties: {
    id: {type: 'number', id: true, generated: true},
    email: {type: 'string'},
    note: {type: 'string'},
  },
};

describeOnDatabase(
  'postgresql',
  'indexes a model cannot declare (postgresql)',
  db => {
    it('keeps a hand-made expression or partial index, and drops a plain one the model does not declare', async () => {
      await db().query(
        `DROP TABLE IF EXISTS customer;
         CREATE TABLE customer (id serial PRIMARY KEY, email text, note text);
         CREATE UNIQUE INDEX customer_lower_email ON customer (lower(email));
         CREATE INDEX customer_noted ON customer (id) WHERE note IS NOT NULL;
         CREATE INDEX customer_note ON customer (note);`,
      );
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        CUSTOMER,
      ]);
      try {
        const report = await migrateSchemaWithReport(app);
        expect(report.dataSources[0].statements.map(s => s.sql)).to.eql([
          'DROP INDEX "public"."customer_note"',
        ]);
        const kept = await db().query<{name: string}>(
          `SELECT indexname AS name FROM pg_indexes
            WHERE tablename = 'customer' ORDER BY 1`,
        );
        expect(kept.map(r => r.name)).to.eql([
          'customer_lower_email',
          'customer_noted',
          'customer_pkey',
        ]);
        const again = await app.planSchemaMigration({fullCheck: true});
        expect(again.dataSources[0].statements).to.eql([]);
      } finally {
        await closeApp(app);
      }
    });
  },
);
