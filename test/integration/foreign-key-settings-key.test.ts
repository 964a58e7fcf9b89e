import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {describeEachDatabase} from '../support/databases';

// A foreign key of `settings.foreignKeys` whose settings key is not its
// `name` (`fkOrderCustomer: {name: 'fk_order_customer', ...}`). The
// postgresql connector looks the table's keys up by the settings key, so it
// adds the key again on every run after the first when its column is not
// named after its property (`columnName: 'customer_id'`), which fails with
// "constraint ... already exists" (stock LoopBack too).

const CUSTOMER: ModelSpec = {
  name: 'Customer',
  properties: {
    id: {type: 'number', id: true, generated: true},
    name: {type: 'string'},
  },
};

/** The customer model on a table of schema `crm`, made by the run. */
const MOVED_CUSTOMER: ModelSpec = {
  ...CUSTOMER,
  settings: {postgresql: {schema: 'crm'}},
};

function order(onDelete?: string): ModelSpec {
  return {
    name: 'Order',
    properties: {
      id: {type: 'number', id: true, generated: true},
      customerId: {type: 'number', postgresql: {columnName: 'customer_id'}},
    },
    settings: {
      foreignKeys: {
        fkOrderCustomer: {
          name: 'fk_order_customer',
          entity: 'Customer',
          entityKey: 'id',
          foreignKey: 'customerId',
          ...(onDelete ? {onDelete} : {}),
        },
      },
    },
  };
}

describeEachDatabase(
  'a foreign key whose settings key is not its name',
  (db, kind) => {
    if (kind !== 'postgresql') return;
    const apps: MigratingApp[] = [];
    const app = (models: ModelSpec[]) => {
      const built = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
      apps.push(built);
      return built;
    };
    const plan = async (models: ModelSpec[]) =>
      (await app(models).planSchemaMigration({fullCheck: true})).dataSources[0]
        .statements;
    const deleteRule = async () =>
      (
        await db().query<{rule: string}>(
          `SELECT confdeltype AS rule FROM pg_constraint
            WHERE conname = 'fk_order_customer' AND contype = 'f'`,
        )
      ).map(r => r.rule);

    afterEach(async () => {
      for (const a of apps.splice(0)) await closeApp(a);
      await db().query(
        'DROP TABLE IF EXISTS "order", customer CASCADE; DROP SCHEMA IF EXISTS crm CASCADE',
      );
    });

    it('plans nothing once the key exists, and the next run succeeds', async () => {
      const models = [CUSTOMER, order()];
      await migrateSchemaWithReport(app(models));
      expect(await plan(models)).to.eql([]);
      const again = await migrateSchemaWithReport(app(models), {
        fullCheck: true,
      });
      expect(again.dataSources[0].status).to.equal('up-to-date');
      expect(await deleteRule()).to.eql(['a']);
    });

    it('replaces the key when its rule changes', async () => {
      await migrateSchemaWithReport(app([CUSTOMER, order()]));
      const changed = [CUSTOMER, order('CASCADE')];
      const report = await migrateSchemaWithReport(app(changed));
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(await deleteRule()).to.eql(['c']);
      expect(await plan(changed)).to.eql([]);
    });

    it('moves the key to a table the same run creates, after creating it', async () => {
      // Order's statements come first: the key is dropped there, and added
      // again once crm.customer exists.
      await migrateSchemaWithReport(app([order(), CUSTOMER]));
      const moved = [order(), MOVED_CUSTOMER];
      const report = await migrateSchemaWithReport(app(moved));
      expect(report.dataSources[0].statements.map(s => s.sql)).to.containEql(
        'ALTER TABLE "public"."order" DROP CONSTRAINT IF EXISTS "fk_order_customer"',
      );
      const [target] = await db().query<{target: string}>(
        `SELECT confrelid::regclass::text AS target FROM pg_constraint
          WHERE conname = 'fk_order_customer'`,
      );
      expect(target).to.eql({target: 'crm.customer'});
      expect(await plan(moved)).to.eql([]);
    });
  },
);
