import {expect} from '@loopback/testlab';
import mysql from 'mysql2/promise';
import {Client} from 'pg';
import {
  migrateSchemaWithReport,
  MigrationFailedError,
  MigrationTableBusyError,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables, tables} from '../support/catalog';
import {
  describeEachDatabase,
  serverSettings,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';
import {createReadOnlyUser, dropReadOnlyUser} from '../support/read-only-user';
import {rejection} from '../support/rejection';

/** Table `ord` on datasource `dataSource`: `qty` text, or a number with `asNumber`, and `note` with `noted`. */
function order(
  dataSource: string,
  {asNumber = false, noted = false} = {},
): ModelSpec {
  return {
    name: 'Ord',
    dataSource,
    properties: {
      id: {type: 'number', id: true},
      qty: {type: asNumber ? 'number' : 'string'},
      ...(noted ? {note: {type: 'string'}} : {}),
    },
    settings: {postgresql: {table: 'ord'}, mysql: {table: 'ord'}},
  };
}

/** Table `item`, new, on datasource `dataSource`. */
const item = (dataSource: string): ModelSpec => ({
  name: 'Item',
  dataSource,
  properties: {id: {type: 'number', id: true}},
  settings: {postgresql: {table: 'item'}, mysql: {table: 'item'}},
});

/** Hold table `ord` of `db` in an open transaction that read it, until the promise returned is called. */
async function holdOrd(db: TestDatabase): Promise<() => Promise<void>> {
  const settings = {...serverSettings(db.kind), database: db.name};
  if (db.kind === 'postgresql') {
    const client = new Client(settings);
    await client.connect();
    await client.query('BEGIN; SELECT * FROM ord');
    return () => client.end();
  }
  const conn = await mysql.createConnection(settings);
  await conn.query('START TRANSACTION');
  await conn.query('SELECT * FROM ord');
  return () => conn.end();
}

/**
 * A run that fails before it changed anything says so, naming the
 * statement that failed; one whose earlier datasource was migrated says
 * that it stays migrated.
 */
describeEachDatabase('a run that fails before its first change', (db, kind) => {
  let user = '';
  let app: MigratingApp | undefined;

  beforeEach(async function () {
    skipOnEmbedded(
      this,
      db(),
      'an embedded PostgreSQL lets every user do everything',
    );
    await dropAllTables(db());
    const owner = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      order('db'),
    ]);
    try {
      await migrateSchemaWithReport(owner);
    } finally {
      await closeApp(owner);
    }
    await db().query(`INSERT INTO ord (id, qty) VALUES (1, '3')`);
    // A user that may read the table, not alter it.
    user = await createReadOnlyUser(db(), 'SELECT, CREATE TEMPORARY TABLES');
  });

  afterEach(async () => {
    if (app) await closeApp(app);
    app = undefined;
    if (user === '') return;
    await dropReadOnlyUser(db(), user);
    user = '';
  });

  /** The failure of a run of `models`, datasource `db` as the owner and `limited` as the user. */
  async function failure(models: ModelSpec[]): Promise<MigrationFailedError> {
    app = buildApp(
      MigratingApp,
      {
        db: db().dataSourceConfig,
        limited: {...db().dataSourceConfig, user, password: ''},
      },
      models,
    );
    const error = await rejection(migrateSchemaWithReport(app));
    expect(error).to.be.instanceOf(MigrationFailedError);
    return error as MigrationFailedError;
  }

  it('names the refused first statement and says that nothing was changed', async () => {
    const error = await failure([order('limited', {noted: true})]);
    expect(error.message).to.match(
      /failed on model Ord: .*(must be owner of table ord|ALTER command denied).*\n {2}statement: ALTER TABLE .*ord.* ADD .*note.*\n(The transaction was rolled back: n|N)othing was changed\.\n/,
    );
    expect(error.applied).to.eql([]);
    expect((await columns(db(), 'ord')).map(c => c.column)).to.eql([
      'id',
      'qty',
    ]);
  });

  it('says that an earlier datasource of the run was migrated and stays migrated', async () => {
    const error = await failure([item('db'), order('limited', {noted: true})]);
    expect(error.message).to.match(
      /(rolled back: d|\nD)atasource "limited" was not changed; datasource "db" was migrated before it and stays migrated\.\n/,
    );
    expect(error.message).to.not.match(/nothing was changed/i);
    expect(await tables(db())).to.containEql('item');
  });

  it('says that an earlier datasource of the run stays migrated when a later one finds its table busy', async () => {
    app = buildApp(
      MigratingApp,
      {db: db().dataSourceConfig, other: db().dataSourceConfig},
      [item('db'), order('other', {noted: true})],
    );
    const release = await holdOrd(db());
    let error: Error;
    try {
      error = await rejection(
        migrateSchemaWithReport(app, {lockTimeoutMs: 1_500}),
      );
    } finally {
      await release();
    }
    expect(error).to.be.instanceOf(MigrationTableBusyError);
    expect(error.message).to.match(
      /\n(The transaction was rolled back: d|D)atasource "other" was not changed; datasource "db" was migrated before it and stays migrated\.\n/,
    );
    expect(error.message).to.not.match(/nothing was changed|0 earlier/i);
    expect(await tables(db())).to.containEql('item');
    expect((await columns(db(), 'ord')).map(c => c.column)).to.not.containEql(
      'note',
    );
  });

  it('names the guard a type change needs when it may not be added, and says that nothing was changed', async function () {
    // MySQL guards a dropped column only, with triggers.
    if (kind !== 'postgresql') this.skip();
    const error = await failure([order('limited', {asNumber: true})]);
    expect(error.message).to.match(
      /failed on model Ord, adding the data-loss guard of its change \(see "Writes during the run" in the README\): must be owner of table ord\n {2}statement: ALTER TABLE "public"\."ord" ADD CONSTRAINT "lsm_guard_\w+" CHECK .* NOT VALID\nNothing was changed\.\n/,
    );
    expect(error.sql).to.match(/ADD CONSTRAINT "lsm_guard_/);
  });
});
