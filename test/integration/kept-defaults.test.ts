import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

describeEachDatabase(
  "a column's database default that the model does not declare",
  (db, kind) => {
    beforeEach(() => dropAllTables(db()));

    /** A table made without LoopBack: its defaults are set in SQL. */
    async function createOrders(nullability: 'NULL' | 'NOT NULL') {
      await db().query(
        kind === 'postgresql'
          ? `CREATE TABLE orders (
               id INTEGER PRIMARY KEY,
               status VARCHAR(20) ${nullability} DEFAULT 'new',
               placed TIMESTAMP ${nullability} DEFAULT CURRENT_TIMESTAMP)`
          : `CREATE TABLE orders (
               id INT PRIMARY KEY,
               status VARCHAR(20) ${nullability} DEFAULT 'new',
               placed TIMESTAMP ${nullability} DEFAULT CURRENT_TIMESTAMP
                 ON UPDATE CURRENT_TIMESTAMP)`,
      );
    }

    /** The model of that table (as `lb4 discover` writes it, without defaults). */
    function orders(statusLength = 20): ModelSpec {
      return {
        name: 'Orders',
        properties: {
          id: {type: 'number', id: true, required: true},
          status: {
            type: 'string',
            postgresql: {dataType: 'VARCHAR', dataLength: statusLength},
            mysql: {dataType: 'varchar', dataLength: statusLength},
          },
          placed: {
            type: 'date',
            postgresql: {dataType: 'timestamp without time zone'},
            mysql: {dataType: 'timestamp'},
          },
        },
        settings: {postgresql: {table: 'orders'}, mysql: {table: 'orders'}},
      };
    }

    /** Migrate to `model`, then check that a new row gets both defaults. */
    async function migrateAndInsert(model: ModelSpec) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [model]);
      try {
        const report = await migrateSchemaWithReport(app);
        await db().query('INSERT INTO orders (id) VALUES (1)');
        const [row] = await db().query<{status: string; placed: unknown}>(
          'SELECT status, placed FROM orders',
        );
        expect(row.status).to.equal('new');
        expect(row.placed).to.not.be.null();
        const again = await app.planSchemaMigration({fullCheck: true});
        expect(again.dataSources[0].statements).to.be.empty();
        return report.dataSources[0];
      } finally {
        await closeApp(app);
      }
    }

    it('is kept when the column becomes nullable', async () => {
      await createOrders('NOT NULL');
      const result = await migrateAndInsert(orders());
      expect(result.status).to.equal('migrated');
      await db().query('INSERT INTO orders (id, status) VALUES (2, NULL)');
    });

    it('is kept, and nothing planned, when the column already is as declared', async () => {
      await createOrders('NULL');
      const result = await migrateAndInsert(orders());
      expect(result.statements).to.be.empty();
    });

    it('is kept when the column gets longer', async () => {
      await createOrders('NULL');
      const result = await migrateAndInsert(orders(40));
      expect(result.statements.map(s => s.sql).join('\n')).to.match(
        kind === 'postgresql' ? /TYPE VARCHAR\(40\)/ : /VARCHAR\(40\)/,
      );
    });
  },
);
