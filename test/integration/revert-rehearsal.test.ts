import {expect} from '@loopback/testlab';
import {readFileSync} from 'node:fs';
import {runMigrationCli, type MigrationScriptClass} from '../../src';
import type {MigratingApp, ModelSpec} from '../support/app-builder';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase} from '../support/databases';
import {generateProject, schemaOf} from '../support/generate';

/** `Order` alone (v1), then with `Product` and a foreign key to it (v2). */
function orderModels(withProduct: boolean): ModelSpec[] {
  const order: ModelSpec = {
    name: 'Order',
    properties: {
      id: {type: 'number', id: true, generated: true},
      note: {type: 'string'},
      ...(withProduct && {productId: {type: 'number'}}),
    },
    settings: withProduct
      ? {
          foreignKeys: {
            fk_order_product: {
              name: 'fk_order_product',
              entity: 'Product',
              entityKey: 'id',
              foreignKey: 'productId',
            },
          },
        }
      : {},
  };
  const product: ModelSpec = {
    name: 'Product',
    properties: {
      id: {type: 'number', id: true, generated: true},
      name: {type: 'string'},
    },
  };
  return withProduct ? [order, product] : [order];
}

describeEachDatabase(
  'reverting a generated script whose down() would drop data',
  (db, kind) => {
    const {open, generate, build} = generateProject(db, 'revert-rehearsal');
    const generated = async (
      app: MigratingApp,
      name: string,
      version: string,
    ) => {
      const {file} = await generate(app, name, version);
      return {file: file!, scripts: build(file!)};
    };
    const cli = async (
      scripts: readonly MigrationScriptClass[],
      args: string[],
    ) => {
      const io = captureIo();
      const code = await runMigrationCli(
        () => open(orderModels(true), scripts),
        args,
        io,
      );
      return {code, out: io.out(), err: io.err()};
    };

    it('is refused before any statement runs, and goes through with --accept-data-loss', async () => {
      const v1 = await generated(
        open(orderModels(false)),
        'create-orders',
        '20261201100000',
      );
      const v2 = await generated(
        open(orderModels(true), v1.scripts),
        'add-products',
        '20261201110000',
      );
      expect(readFileSync(v2.file, 'utf8')).to.match(
        kind === 'postgresql'
          ? /DROP CONSTRAINT "fk_order_product"/
          : /DROP FOREIGN KEY `fk_order_product`, DROP INDEX `fk_order_product`/,
      );
      const scripts = [...v1.scripts, ...v2.scripts];
      const deployed = await cli(scripts, ['--schema-source', 'scripts']);
      expect({code: deployed.code, err: deployed.err}).to.eql({
        code: 0,
        err: '',
      });
      const order = kind === 'postgresql' ? '"order"' : '`Order`';
      const product = kind === 'postgresql' ? 'product' : '`Product`';
      await db().query(`INSERT INTO ${product} (name) VALUES ('pen')`);
      await db().query(
        `INSERT INTO ${order} (note, ${kind === 'postgresql' ? 'productid' : 'productId'}) ` +
          `SELECT 'one pen', MAX(id) FROM ${product}`,
      );
      const before = await schemaOf(db());
      expect(before.foreignKeys).to.have.length(1);

      const refused = await cli(scripts, ['--revert-to', '20261201100000']);
      expect({code: refused.code, out: refused.out}).to.containDeep({code: 4});
      expect(refused.err).to.match(
        /Revert refused: down\(\) of migration script 20261201110000 "[^"]*" \(AddProductsMigration\) drops column "productId" of \S+ holding 1 value: ALTER TABLE .*DROP COLUMN .*\. Nothing of that script was reverted \(refused before any of its statements ran\)/i,
      );
      // Nothing of it ran: the foreign key and its column are there (on
      // PostgreSQL its online phase, an index, was reverted before it).
      const kept = await schemaOf(db());
      expect(kept.foreignKeys).to.eql(before.foreignKeys);
      expect(kept.columns).to.eql(before.columns);
      if (kind === 'mysql') expect(kept).to.eql(before);
      const status = await cli(scripts, ['--status']);
      expect(status.out).to.match(/20261201110000\S*.*applied/);

      const reverted = await cli(scripts, [
        '--revert-to',
        '20261201100000',
        '--accept-data-loss',
      ]);
      expect({code: reverted.code, err: reverted.err}).to.eql({
        code: 0,
        err: '',
      });
      const after = await schemaOf(db());
      expect(after.foreignKeys).to.eql([]);
      expect(after.columns.map(c => c.table)).to.not.containEql('product');
    });
  },
);
