import {expect} from '@loopback/testlab';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {describeOnDatabase} from '../support/databases';

const WAREHOUSE: ModelSpec = {
  name: 'Warehouse',
  properties: {
    code: {
      type: 'string',
      id: true,
      mysql: {columnName: 'wh_code', dataType: 'varchar', dataLength: 10},
    },
    city: {type: 'string'},
  },
};

/** Stock whose foreign key names the warehouse's key by its property, with `onDelete`. */
const STOCK: ModelSpec = {
  name: 'Stock',
  properties: {
    id: {type: 'number', id: true, generated: true},
    warehouseCode: {
      type: 'string',
      mysql: {
        columnName: 'warehouse_code',
        dataType: 'varchar',
        dataLength: 10,
      },
    },
  },
  settings: {
    foreignKeys: {
      fk_stock_wh: {
        name: 'fk_stock_wh',
        entity: 'Warehouse',
        entityKey: 'code',
        foreignKey: 'warehouseCode',
        onDelete: 'CASCADE',
      },
    },
  },
};

// The connector drops and adds again every foreign key with a rule, and
// writes the entityKey property (not its column) in the ADD: compared as
// written, the key never matched the catalog.
describeOnDatabase(
  'mysql',
  'a foreign key with a rule to a key property stored under another column name (mysql)',
  db => {
    it('is made once, and the next full plan is up to date', async () => {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        WAREHOUSE,
        STOCK,
      ]);
      try {
        await app.migrateSchema();
        const again = await app.planSchemaMigration({fullCheck: true});
        expect(again.dataSources[0].statements.map(s => s.sql)).to.eql([]);
        expect(again.dataSources[0].status).to.equal('up-to-date');
        const rows = await db().query<{rule: string; target: string}>(
          `SELECT r.DELETE_RULE AS \`rule\`, k.REFERENCED_COLUMN_NAME AS target
             FROM information_schema.REFERENTIAL_CONSTRAINTS r
             JOIN information_schema.KEY_COLUMN_USAGE k
               ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME
            WHERE r.CONSTRAINT_SCHEMA = DATABASE()`,
        );
        expect(rows).to.eql([{rule: 'CASCADE', target: 'wh_code'}]);
      } finally {
        await closeApp(app);
      }
    });
  },
);
