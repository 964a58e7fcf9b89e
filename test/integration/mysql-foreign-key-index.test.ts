import {expect} from '@loopback/testlab';
import type {ModelSpec} from '../support/app-builder';
import {catalog, dropAllTables, indexes} from '../support/catalog';
import {migrationsOn} from '../support/migrations-on';
import {describeOnDatabase} from '../support/databases';

const CUSTOMER: ModelSpec = {
  name: 'Customer',
  properties: {id: {type: 'number', id: true, generated: true}},
  settings: {mysql: {table: 'customer'}},
};

/** An order with its foreign key, and with or without an index that serves it. */
function order(indexed: boolean): ModelSpec {
  return {
    name: 'Order',
    properties: {
      id: {type: 'number', id: true, generated: true},
      customerId: {type: 'number'},
      total: {type: 'number'},
    },
    settings: {
      mysql: {table: 'order'},
      foreignKeys: {
        fk_order_customer: {
          name: 'fk_order_customer',
          entity: 'Customer',
          entityKey: 'id',
          foreignKey: 'customerId',
        },
      },
      indexes: indexed
        ? {orderCustomerTotalIdx: {keys: {customerId: 1, total: -1}}}
        : {},
    },
  };
}

// InnoDB makes no index of its own for a foreign key that an index of the
// model serves, and silently drops the one it made when such an index comes.
// The connector then drops that index when the model no longer declares it,
// which InnoDB refuses ("needed in a foreign key constraint"): the drop was
// taken out, the index stayed for good, and every run said up to date.
describeOnDatabase(
  'mysql',
  'an index that served a foreign key, removed from the model',
  db => {
    const run = migrationsOn(db);
    async function migrate(indexed: boolean, dryRun = false) {
      const report = await run([CUSTOMER, order(indexed)], {dryRun});
      return report.dataSources[0];
    }

    /** The catalog a new database gets from the models without the index. */
    async function newDatabaseCatalog() {
      await dropAllTables(db());
      await migrate(false);
      return catalog(db());
    }

    for (const [how, steps] of [
      ['declared from the start', [true]],
      ['added to the model later', [false, true]],
    ] as const) {
      it(`${how}: the plan drops it and adds the key's own index, as a new database has it`, async () => {
        for (const indexed of steps) await migrate(indexed);
        await db().query('INSERT INTO customer () VALUES ()');
        await db().query(
          'INSERT INTO `order` (customerId, total) VALUES (1, 10), (1, 20)',
        );
        expect((await indexes(db())).map(i => i.name)).to.containEql(
          'ordercustomertotalidx',
        );

        const plan = await migrate(false, true);
        expect(plan.status).to.equal('planned');
        expect(plan.statements.map(s => s.sql)).to.eql([
          'ALTER TABLE `order` DROP INDEX `orderCustomerTotalIdx`, ' +
            'ADD INDEX `fk_order_customer` (`customerId`), ALGORITHM=INPLACE, LOCK=NONE',
        ]);
        expect((await migrate(false)).status).to.equal('migrated');
        const after = await catalog(db());
        expect(await db().query('SELECT id FROM `order`')).to.have.length(2);
        expect((await migrate(false)).status).to.equal('up-to-date');
        expect(after).to.eql(await newDatabaseCatalog());
      });
    }
  },
);
