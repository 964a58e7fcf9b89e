import {expect} from '@loopback/testlab';
import {juggler} from '@loopback/repository';
import {
  EXIT,
  migrateSchemaWithReport,
  MigrationFailedError,
  runMigrationCli,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase, skipOnEmbedded} from '../support/databases';
import {createReadOnlyUser, dropReadOnlyUser} from '../support/read-only-user';
import {rejection} from '../support/rejection';

/** A table whose `qty` is text; `asNumber` makes the model change it. */
function order(asNumber: boolean): ModelSpec {
  return {
    name: 'Ord',
    properties: {
      id: {type: 'number', id: true},
      qty: {type: asNumber ? 'number' : 'string'},
    },
    settings: {postgresql: {table: 'ord'}, mysql: {table: 'ord'}},
  };
}

/**
 * A user that may only read (a reporting or CI user) running a plan, a
 * `--check` and a real run of a type change, on tables another user made:
 * the plan judges the change from the data, the real run fails saying
 * what to grant, and nothing changes.
 */
describeEachDatabase('a user with SELECT alone', (db, kind) => {
  let user = '';

  beforeEach(async function () {
    skipOnEmbedded(
      this,
      db(),
      'an embedded PostgreSQL lets every user do everything',
    );
    await dropAllTables(db());
    const owner = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      order(false),
    ]);
    try {
      await migrateSchemaWithReport(owner);
    } finally {
      await closeApp(owner);
    }
    await db().query(`INSERT INTO ord (id, qty) VALUES (1, '3'), (2, '4')`);
    user = await createReadOnlyUser(db());
  });

  afterEach(async () => {
    if (user === '') return;
    await dropReadOnlyUser(db(), user);
    user = '';
  });

  function appAsUser(): MigratingApp {
    return buildApp(
      MigratingApp,
      {db: {...db().dataSourceConfig, user, password: ''}},
      [order(true)],
    );
  }

  async function qtyType(): Promise<string> {
    const qty = (await columns(db(), 'ord')).find(c => c.column === 'qty');
    return qty!.type;
  }

  it('plans the type change, judged from the data (MySQL: once granted CREATE TEMPORARY TABLES, as it is told)', async () => {
    if (kind === 'mysql') {
      const refused = appAsUser();
      try {
        const error = await rejection(refused.planSchemaMigration());
        expect(error).to.be.instanceOf(MigrationFailedError);
        expect(error.message).to.match(
          /changing `ord`.`qty` to INT keeps its values .* needs the CREATE TEMPORARY TABLES privilege, which the datasource's user lacks .*GRANT CREATE TEMPORARY TABLES ON `<database>`\.\* TO '<user>'@'<host>'/,
        );
        expect(error.message).to.not.match(/refused the login/);
        expect((error as MigrationFailedError).errno).to.equal(1044);
      } finally {
        await closeApp(refused);
      }
      await db().query(
        `GRANT CREATE TEMPORARY TABLES ON \`${db().name}\`.* TO '${user}'@'%'`,
      );
    }
    const app = appAsUser();
    try {
      const plan = await app.planSchemaMigration();
      const [change] = plan.dataSources[0].statements;
      expect(change.sql).to.match(/qty/);
      expect(change.destructive).to.be.false();
      expect(change.willFail).to.be.undefined();
    } finally {
      await closeApp(app);
    }
  });

  it('fails a real run naming the privilege, and changes nothing', async () => {
    if (kind === 'mysql') {
      await db().query(
        `GRANT CREATE TEMPORARY TABLES ON \`${db().name}\`.* TO '${user}'@'%'`,
      );
    }
    const before = await qtyType();
    const app = appAsUser();
    try {
      const io = captureIo();
      expect(await runMigrationCli(() => app, ['--check'], io)).to.equal(
        EXIT.pending,
      );
      expect(io.out()).to.match(/qty/);
      const error = await rejection(migrateSchemaWithReport(app));
      expect(error).to.be.instanceOf(MigrationFailedError);
      expect(error.message).to.match(
        kind === 'postgresql'
          ? /must be owner of table ord\n {2}statement: ALTER TABLE "public"\."ord" ADD CONSTRAINT "lsm_guard_\w+" CHECK .*\nNothing was changed\.\nThe datasource's user lacks a privilege/
          : /ALTER command denied[\s\S]*The datasource's user lacks the privilege named above/,
      );
    } finally {
      await closeApp(app);
    }
    expect(await qtyType()).to.equal(before);
    const rows = await db().query<{qty: string}>(
      'SELECT qty FROM ord ORDER BY id',
    );
    expect(rows.map(r => r.qty)).to.eql(['3', '4']);
  });

  it('is still told that the login was refused when it may not use the database at all (MySQL)', async function () {
    if (kind !== 'mysql') this.skip();
    await db().query(
      `REVOKE ALL PRIVILEGES ON \`${db().name}\`.* FROM '${user}'@'%'`,
    );
    const app = appAsUser();
    const error = await rejection(app.planSchemaMigration());
    expect(error.message).to.match(
      /Access denied for user .* to database[\s\S]*The database server refused the login/,
    );
    // closeApp would wait for a connection that never comes. The run left
    // the datasource unconnected: nothing to end (ending the pool of one
    // said connected early rejected with a refused login of its own).
    const ds = await app.get<juggler.DataSource>('datasources.db');
    expect(ds.connected).to.be.false();
    await ds.disconnect();
  });
});
