import {expect} from '@loopback/testlab';
import type {ModelSpec} from '../support/app-builder';
import {migrationsOn} from '../support/migrations-on';
import {describeOnDatabase} from '../support/databases';

const ID = {type: 'number', id: true, generated: true};
const ORDER: ModelSpec = {name: 'Order', properties: {id: ID}};
const PRODUCT: ModelSpec = {name: 'Product', properties: {id: ID}};

/** The through model of a hasManyThrough, with or without its two keys. */
function line(keys: boolean): ModelSpec {
  const key = (entity: string, foreignKey: string) => ({
    name: `fk_line_${foreignKey}`,
    entity,
    entityKey: 'id',
    foreignKey,
  });
  return {
    name: 'Line',
    properties: {
      id: ID,
      orderId: {type: 'number', postgresql: {columnName: 'orderid'}},
      productId: {type: 'number', postgresql: {columnName: 'productid'}},
    },
    settings: keys
      ? {
          foreignKeys: {
            fk_line_orderId: key('Order', 'orderId'),
            fk_line_productId: key('Product', 'productId'),
          },
        }
      : {},
  };
}

// The connector adds every new foreign key of a model in one ALTER TABLE
// (a through model's two). The online form of a lone key (NOT VALID, then
// VALIDATE in a transaction of its own) was given to a statement of one
// clause only: two keys were added in their plain form, which blocks the
// table's writes while it scans every row.
describeOnDatabase(
  'postgresql',
  'online forms of several foreign keys added to an existing table in one statement',
  db => {
    const run = migrationsOn(db);
    const migrate = (models: ModelSpec[], dryRun = false) =>
      run(models, {dryRun});

    it('adds each key NOT VALID, then validates each in a transaction of its own', async () => {
      await migrate([ORDER, PRODUCT, line(false)]);
      await db().query('INSERT INTO "order" DEFAULT VALUES');
      await db().query('INSERT INTO product DEFAULT VALUES');
      await db().query('INSERT INTO line (orderid, productid) VALUES (1, 1)');

      const models = [ORDER, PRODUCT, line(true)];
      const plan = await migrate(models, true);
      const statements = plan.dataSources[0].statements;
      expect(
        statements.map(s => `${s.phase}: ${s.sql.replace(/\s+/g, ' ')}`),
      ).to.eql([
        'transaction: ALTER TABLE "public"."line" ADD CONSTRAINT "fk_line_orderId" FOREIGN KEY ("orderid") ' +
          'REFERENCES "public"."order"(id) ON DELETE NO ACTION ON UPDATE NO ACTION NOT VALID, ' +
          'ADD CONSTRAINT "fk_line_productId" FOREIGN KEY ("productid") ' +
          'REFERENCES "public"."product"(id) ON DELETE NO ACTION ON UPDATE NO ACTION NOT VALID',
        'own-transaction: ALTER TABLE "public"."line" VALIDATE CONSTRAINT "fk_line_orderId"',
        'own-transaction: ALTER TABLE "public"."line" VALIDATE CONSTRAINT "fk_line_productId"',
      ]);
      expect(statements[0].lock).to.equal('brief');

      const report = await migrate(models);
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(
        await db().query(
          `SELECT conname AS name, convalidated AS valid FROM pg_constraint
            WHERE contype = 'f' ORDER BY 1`,
        ),
      ).to.eql([
        {name: 'fk_line_orderId', valid: true},
        {name: 'fk_line_productId', valid: true},
      ]);
      const again = await migrate(models);
      expect(again.dataSources[0].status).to.equal('up-to-date');
    });
  },
);
