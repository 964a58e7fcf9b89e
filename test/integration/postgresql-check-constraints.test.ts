import {expect} from '@loopback/testlab';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {describeOnDatabase} from '../support/databases';

describeOnDatabase('postgresql', 'CHECK constraints (postgresql)', db => {
  it('says that widening a varchar a CHECK constraint reads scans the table under its lock', async () => {
    await db().query(
      `DROP TABLE IF EXISTS customer;
       CREATE TABLE customer (id serial PRIMARY KEY,
         name varchar(80) CHECK (char_length(name) > 0), note varchar(80));
       INSERT INTO customer (name, note) VALUES ('Ann', 'x');`,
    );
    const varchar = (dataLength: number) => ({
      type: 'string',
      postgresql: {dataType: 'varchar', dataLength},
    });
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      {
        name: 'Customer',
        properties: {
          id: {type: 'number', id: true, generated: true},
          name: varchar(120),
          note: varchar(80),
        },
      },
    ]);
    try {
      const plan = await app.planSchemaMigration();
      const [statement] = plan.dataSources[0].statements;
      expect(statement.sql).to.match(/ALTER COLUMN "name" TYPE VARCHAR\(120\)/);
      expect({
        lock: statement.lock,
        rewritesTable: statement.rewritesTable,
        scansTable: statement.scansTable,
      }).to.eql({
        lock: 'blocks-reads-and-writes',
        rewritesTable: false,
        scansTable: true,
      });
    } finally {
      await closeApp(app);
    }
  });
});
