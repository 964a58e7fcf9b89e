import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {foreignKeyRules} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';

const customer = (name: PropertyDefinition): ModelSpec => ({
  name: 'Customer',
  properties: {id: {type: 'string', id: true}, name},
});
const order = (onDelete: string): ModelSpec => ({
  name: 'Order',
  properties: {
    id: {type: 'number', id: true, generated: true},
    customerId: {type: 'string'},
  },
  settings: {
    foreignKeys: {
      fk_order_customerId: {
        name: 'fk_order_customerId',
        entity: 'Customer',
        entityKey: 'id',
        foreignKey: 'customerId',
        onDelete,
      },
    },
  },
});

describeOnDatabase('mysql', 'a refused MariaDB plan (mysql)', db => {
  const apps: MigratingApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await closeApp(app);
  });
  const open = (models: ModelSpec[]) => {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    apps.push(app);
    return app;
  };

  it('shows a foreign key added to an existing table in the checked form MariaDB runs, not as ALGORITHM=INPLACE alone', async () => {
    await open([customer({type: 'string'}), order('restrict')]).migrateSchema();
    await db().query(
      "INSERT INTO `Customer` (id, name) VALUES ('a', 'Ann'), ('b', 'Ann')",
    );
    await db().query("INSERT INTO `Order` (customerId) VALUES ('a')");
    // The unique index fails over the two Anns: the plan is refused.
    const plan = await open([
      customer({type: 'string', index: {unique: true}}),
      order('cascade'),
    ]).planSchemaMigration();
    const statements = plan.dataSources[0].statements;
    expect(statements.some(s => s.willFail !== undefined)).to.be.true();
    const keyChange = statements.filter(s => /fk_order_customerId/.test(s.sql));
    expect(keyChange).to.have.length(2);
    expect(keyChange[1].sql).to.match(/^BEGIN NOT ATOMIC\n/);
    // The rule change, as the refused plan shows it, runs on MariaDB.
    for (const statement of keyChange) await db().query(statement.sql);
    expect(await foreignKeyRules(db())).to.eql([
      'order.fk_order_customerid cascade restrict',
    ]);
  });
});
