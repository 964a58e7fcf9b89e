import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import mysql from 'mysql2/promise';
import {Client} from 'pg';
import {setTimeout as sleep} from 'node:timers/promises';
import {
  migrateSchemaWithReport,
  MigrationTableBusyError,
  type SchemaMigrationOptions,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns} from '../support/catalog';
import {
  describeEachDatabase,
  serverSettings,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';
import {rejection} from '../support/rejection';
import {defineScript, ledgerVersions} from '../support/scripts';

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};
const APPLICATION = 'nightly-report';
/** Columns the tests add, one after the other (none is dropped: no guard). */
const NOTED = {note: {type: 'string'}};
const LABELLED = {...NOTED, label: {type: 'string'}};

/** A session of "the app" with an open transaction that read the table. */
interface Holder {
  readonly id: number;
  /** Time one read of the table (it waits behind a queued DDL). */
  timedRead(): Promise<number>;
  /** Commit the holding transaction (the reader stays). */
  commit(): Promise<void>;
  /** Close both sessions. */
  end(): Promise<void>;
}

async function holdTable(db: TestDatabase, table: string): Promise<Holder> {
  if (db.kind === 'postgresql') {
    const settings = {...serverSettings('postgresql'), database: db.name};
    const client = new Client({...settings, application_name: APPLICATION});
    const reader = new Client(settings);
    await Promise.all([client.connect(), reader.connect()]);
    await client.query('BEGIN');
    await client.query(`SELECT * FROM ${table}`);
    const {rows} = await client.query<{pid: number}>(
      'SELECT pg_backend_pid() AS pid',
    );
    return {
      id: rows[0].pid,
      async timedRead() {
        const started = performance.now();
        await reader.query(`SELECT count(*) FROM ${table}`);
        return performance.now() - started;
      },
      async commit() {
        await client.query('COMMIT');
      },
      async end() {
        await Promise.all([client.end(), reader.end()]);
      },
    };
  }
  const settings = {...serverSettings('mysql'), database: db.name};
  const conn = await mysql.createConnection(settings);
  const reader = await mysql.createConnection(settings);
  await conn.query('START TRANSACTION');
  await conn.query(`SELECT * FROM ${table}`);
  const [rows] = await conn.query('SELECT CONNECTION_ID() AS id');
  return {
    id: Number((rows as Array<{id: number}>)[0].id),
    async timedRead() {
      const started = performance.now();
      await reader.query(`SELECT count(*) FROM ${table}`);
      return performance.now() - started;
    },
    async commit() {
      await conn.query('COMMIT');
    },
    async end() {
      await Promise.all([conn.end(), reader.end()]);
    },
  };
}

describeEachDatabase('a table busy with other sessions', (db, kind) => {
  const apps: MigratingApp[] = [];
  const pg = kind === 'postgresql';
  const itemTable = pg ? 'item' : '`Item`';
  before(function () {
    skipOnEmbedded(this, db(), 'needs a second session holding a lock');
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await closeApp(app);
  });

  const models = (extra: Record<string, PropertyDefinition>): ModelSpec[] => [
    {name: 'Other', properties: {id: ID, ...extra}},
    {name: 'Item', properties: {id: ID, title: {type: 'string'}, ...extra}},
  ];
  const migrate = (
    extra: Record<string, PropertyDefinition>,
    options: SchemaMigrationOptions = {},
  ) => {
    const app = buildApp(
      MigratingApp,
      {db: db().dataSourceConfig},
      models(extra),
    );
    apps.push(app);
    return migrateSchemaWithReport(app, options);
  };
  const hasColumn = async (table: string, column: string) =>
    (await columns(db(), table)).some(c => c.column === column);

  /**
   * Migrate to `models` while the app holds the item table in an open
   * transaction for `ms`, timing the app's reads of it meanwhile.
   */
  async function migrateWhileHeld(
    ms: number,
    models: Parameters<typeof migrate>[0],
  ) {
    const holder = await holdTable(db(), itemTable);
    let released = false;
    const release = sleep(ms).then(async () => {
      await holder.commit();
      released = true;
    });
    try {
      const running = migrate(models);
      const reads: number[] = [];
      await sleep(200);
      while (!released) reads.push(await holder.timedRead());
      return {report: await running, reads};
    } finally {
      await release;
      await holder.end();
    }
  }

  before(async () => {
    await migrate({});
    await db().query(`INSERT INTO ${itemTable} (title) VALUES ('a'), ('b')`);
  });

  it('retries a statement that waited too long for a table lock, and completes once the lock is released', async () => {
    // The app's reads go on while the migration waits: each waits at most
    // one attempt's limit (500 ms; on MariaDB, which counts whole seconds, kept by stopping the statement).
    const {report, reads} = await migrateWhileHeld(2_500, NOTED);
    expect(report.dataSources[0].status).to.equal('migrated');
    const [warning] = report.dataSources[0].warnings;
    expect(warning).to.match(/attempt\(s\) waited the longest allowed/);
    expect(warning).to.match(pg ? /"public"."item"/ : /"Item"/);
    // A behavioural bound only, with a wide margin: without the limit a
    // read would wait for the whole 2.5 s the lock is held; on MariaDB,
    // whose own limit is a whole second, the run stops a wait at 500 ms.
    expect(Math.max(...reads)).to.be.below(pg ? 2_000 : 900);
    expect(await hasColumn('item', 'note')).to.be.true();
    expect(await hasColumn('other', 'note')).to.be.true();
  });

  it('gives up when the table stays locked past lockTimeoutMs, naming the table and the holding session', async () => {
    const holder = await holdTable(db(), itemTable);
    let error: Error;
    try {
      error = await rejection(migrate(LABELLED, {lockTimeoutMs: 1_500}));
    } finally {
      await holder.commit();
      await holder.end();
    }
    expect(error).to.be.instanceOf(MigrationTableBusyError);
    const busy = error as MigrationTableBusyError;
    expect(busy.code).to.equal('MIGRATION_TABLE_BUSY');
    // Two attempts fit in 1.5 s: one waits 500 ms, on MariaDB too, whose
    // own limit (1 s) the run's stop comes before.
    expect(busy.attempts).to.equal(2);
    expect(busy.tables).to.containEql(pg ? '"public"."item"' : '"Item"');
    expect(busy.holders.map(h => h.pid)).to.containEql(holder.id);
    expect(busy.message).to.match(new RegExp(`session ${holder.id}\\b`));
    expect(busy.message).to.match(/lockTimeoutMs \(now 1500 ms\)/);
    // The database's own fields of the last lock wait, as every error from
    // the database has them: on MariaDB, which counts its limit in whole
    // seconds, the run stopped the statement itself (KILL QUERY ID).
    if (pg) expect(busy.database?.code).to.equal('55P03');
    else expect(busy.errno).to.equal(1317);
    expect(busy.message).to.match(
      pg ? /\n {2}code: 55P03$/ : /\n {2}errno: 1317 \(ER_QUERY_INTERRUPTED\)$/,
    );
    expect(busy.message).to.match(
      pg
        ? /attempt\(s\), each waiting at most 500 ms for its lock, then backing off/
        : /attempt\(s\), each stopped by this run once it had waited about 500 ms for its lock \(the database's own limit is 1000 ms\), then backing off/,
    );
    if (pg) {
      expect(busy.message).to.match(new RegExp(`application "${APPLICATION}"`));
      expect(busy.message).to.match(/holding AccessShareLock/);
      // One transaction, rolled back whole: the other table is unchanged too.
      expect(busy.message).to.match(/rolled back: nothing was changed/);
      expect(await hasColumn('other', 'label')).to.be.false();
    } else {
      expect(busy.message).to.match(/SELECT \* FROM `Item`|open transaction/);
    }
    // What stays applied, as a failed statement says it: the report (which
    // the command line prints) and the statements before it.
    expect(busy.dataSource).to.equal('db');
    expect(busy.report?.dataSources[0].status).to.equal('failed');
    if (pg) {
      expect(busy.applied).to.eql([]);
    } else {
      // Each DDL statement commits: the other table's stays.
      expect(busy.applied.map(s => s.model)).to.eql(['Other']);
      expect(busy.message).to.match(
        /\n1 earlier statement\(s\) of this datasource were applied and stay applied \(this database commits each DDL statement\); this one was not\.\n {2}applied: ALTER TABLE `Other` ADD COLUMN? `label`[^\n]*\nEnd or commit/,
      );
      expect(await hasColumn('other', 'label')).to.be.true();
    }
    expect(await hasColumn('item', 'label')).to.be.false();
    // Once the table is free, the next run completes.
    const report = await migrate(LABELLED);
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await hasColumn('item', 'label')).to.be.true();
  });

  it("waits no longer for a table lock to add a data-loss guard than for the plan's statements", async () => {
    // Dropping "label", which holds no values, is guarded from the check
    // to the change: the guard (PostgreSQL a constraint, MySQL triggers)
    // takes a lock that conflicts with the open transaction.
    await migrate(LABELLED);
    const {report, reads} = await migrateWhileHeld(4_000, NOTED);
    expect(report.dataSources[0].status).to.equal('migrated');
    // Without the limit a read would wait for most of the 4 s.
    expect(Math.max(...reads)).to.be.below(2_500);
    expect(await hasColumn('item', 'label')).to.be.false();
  });

  it("says which before-schema scripts stay applied when a guard's table stays busy", async () => {
    // The script runs and commits; dropping "label" (empty) is then guarded,
    // and adding the guard waits for the held table until the run gives up.
    await migrate(LABELLED);
    const app = buildApp(
      MigratingApp,
      {db: db().dataSourceConfig},
      models(NOTED),
    );
    apps.push(app);
    app.migrationScript(
      defineScript({
        version: '3.0.0',
        dataSource: 'db',
        runs: 'before-schema',
        up: ctx => ctx.execute('SELECT 1'),
      }),
    );
    const holder = await holdTable(db(), itemTable);
    let error: Error;
    try {
      error = await rejection(
        migrateSchemaWithReport(app, {lockTimeoutMs: 1_500}),
      );
    } finally {
      await holder.commit();
      await holder.end();
    }
    expect(error).to.be.instanceOf(MigrationTableBusyError);
    expect((error as MigrationTableBusyError).report?.scripts).to.containDeep([
      {version: '3.0.0', status: 'applied'},
    ]);
    expect(error.message).to.not.match(/Nothing was changed/);
    expect(error.message).to.match(
      /No schema change was made, but the migration script 3\.0\.0 \(runs = 'before-schema'\) ran first and stays applied\./,
    );
    expect(await ledgerVersions(db())).to.eql(['3.0.0']);
    expect(await hasColumn('item', 'label')).to.be.true();
  });
});
