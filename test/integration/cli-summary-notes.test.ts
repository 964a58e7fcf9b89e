import {expect} from '@loopback/testlab';
import {runMigrationCli} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase} from '../support/databases';

const CUSTOMER: ModelSpec = {
  name: 'Customer',
  properties: {id: {type: 'number', id: true, generated: true}},
};

/** `Order` of an lb4 app: `customerId` from `lb4 relation`, and a `label`. */
function order(change: boolean): ModelSpec {
  return {
    name: 'Order',
    properties: {
      id: {type: 'number', id: true, generated: true},
      customerId: {type: 'number'},
      label: {type: 'string', required: change},
    },
    settings: change
      ? {
          foreignKeys: {
            fk_order_customer: {
              name: 'fk_order_customer',
              entity: 'Customer',
              entityKey: 'id',
              foreignKey: 'customerId',
            },
          },
        }
      : {},
  };
}

describeEachDatabase('the command line summary', db => {
  it('notes drops only: a foreign key or NOT NULL added online is no note', async () => {
    const run = async (change: boolean) => {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        CUSTOMER,
        order(change),
      ]);
      const io = captureIo();
      try {
        const code = await runMigrationCli(() => app, [], io);
        return {code, out: io.out(), err: io.err()};
      } finally {
        await closeApp(app);
      }
    };
    expect((await run(false)).code).to.equal(0);
    // The online forms of both changes hold DROP in their SQL (PostgreSQL
    // drops a leftover NOT NULL check first; MariaDB drops the key again
    // when rows written meanwhile break it): neither drops anything here.
    const changed = await run(true);
    expect(changed).to.containDeep({code: 0, err: ''});
    expect(changed.out).to.match(/db \(\w+\): migrated, \d+ statements/);
    expect(changed.out).to.not.match(/note: (adds|stops)/);
  });
});

describeEachDatabase('the command line summary (MySQL)', db => {
  it('notes a foreign key a column change drops (in a statement of its own, before the change)', async function () {
    if (db().kind !== 'mysql') this.skip();
    // As a table made by hand and its lb4 discover model: the key is
    // declared under another name and the column is optional in the model.
    await db().query(
      'CREATE TABLE `Customer` (id INT AUTO_INCREMENT PRIMARY KEY)',
    );
    await db().query(
      'CREATE TABLE `Order` (id INT AUTO_INCREMENT PRIMARY KEY, customerId INT NOT NULL,' +
        ' CONSTRAINT fk_by_hand FOREIGN KEY (customerId) REFERENCES `Customer` (id) ON DELETE CASCADE)',
    );
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      CUSTOMER,
      order(true),
    ]);
    const io = captureIo();
    try {
      expect(await runMigrationCli(() => app, ['--dry-run'], io)).to.equal(0);
    } finally {
      await closeApp(app);
    }
    expect(io.out()).to.match(
      /\n {4}note: drops foreign key "fk_by_hand", which the model does not declare .*DROP FOREIGN KEY `fk_by_hand`.*\n {4}note: changes column "customerId" to INT; /,
    );
  });
});
