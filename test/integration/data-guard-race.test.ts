import {expect} from '@loopback/testlab';
import {juggler, type PropertyDefinition} from '@loopback/repository';
import {setTimeout} from 'node:timers/promises';
import {
  DataLossError,
  MigrationFailedError,
  migrateSchemaWithReport,
  type SchemaMigrationReport,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  TITLED_NOTE,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase, skipOnEmbedded} from '../support/databases';

/** The app as it runs before the deploy: its Note still has `body`. */
const OLD_NOTE: ModelSpec = {
  name: 'Note',
  properties: {...TITLED_NOTE.properties, body: {type: 'string'}},
};
const PRECIOUS = 'PRECIOUS VALUE';
/**
 * Rows enough for the check to take measurable time, so that the test sees
 * it running (2^18; PostgreSQL scans them in a few milliseconds: 2^20).
 */
const DOUBLINGS = {mysql: 18, postgresql: 20};

describeEachDatabase('the data guard against the running app', db => {
  const apps: MigratingApp[] = [];
  const pg = () => db().kind === 'postgresql';
  const table = () => (pg() ? 'note' : '`Note`');
  const mark = (i: number) => (pg() ? `$${i}` : '?');

  function app(models: ModelSpec[]): MigratingApp {
    const built = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    apps.push(built);
    return built;
  }

  /** The running (old) app, its table created and filled; its datasource writes. */
  async function runningApp(): Promise<juggler.DataSource> {
    const old = app([OLD_NOTE]);
    await migrateSchemaWithReport(old);
    await db().query(`INSERT INTO ${table()} (title) VALUES ('first')`);
    for (let i = 0; i < DOUBLINGS[db().kind]; i++) {
      await db().query(
        `INSERT INTO ${table()} (title) SELECT title FROM ${table()}`,
      );
    }
    return old.get<juggler.DataSource>('datasources.db');
  }

  /**
   * Resolve once `sql` is running on the server, or after `ms`: a prefix of
   * the statement on PostgreSQL, a part of it on MySQL (where the run's
   * scans start with the comment that lifts the app's statement limit).
   */
  async function running(sql: string, ms = 15000): Promise<boolean> {
    const seen = pg()
      ? `SELECT count(*) AS n FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'active'
            AND query LIKE $1 || '%' AND pid <> pg_backend_pid()`
      : `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST
          WHERE DB = DATABASE() AND INSTR(INFO, ?) > 0 AND ID <> CONNECTION_ID()`;
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const [row] = await db().query<{n: string | number}>(seen, [sql]);
      if (Number(row.n) > 0) return true;
    }
    return false;
  }

  /** Resolve once the run's guard is in place (MySQL: both triggers), or after `ms`. */
  async function guarded(ms = 15000): Promise<boolean> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if ((await guards()).length === (pg() ? 1 : 2)) return true;
    }
    return false;
  }

  /** The guards (constraints, triggers) in the database. */
  async function guards(): Promise<string[]> {
    const rows = await db().query<{name: string}>(
      pg()
        ? "SELECT conname AS name FROM pg_constraint WHERE conname LIKE 'lsm\\_guard\\_%'"
        : `SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS
            WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME LIKE 'lsm\\_guard\\_%'`,
    );
    return rows.map(r => r.name);
  }

  async function preciousRows(): Promise<number> {
    const [row] = await db().query<{n: string | number}>(
      `SELECT COUNT(*) AS n FROM ${table()} WHERE body = ${mark(1)}`,
      [PRECIOUS],
    );
    return Number(row.n);
  }

  function write(ds: juggler.DataSource): Promise<unknown> {
    return ds
      .execute(`UPDATE ${table()} SET body = ${mark(1)} WHERE id = 1`, [
        PRECIOUS,
      ])
      .then(
        () => undefined,
        (err: unknown) => err,
      );
  }

  function outcome(
    run: Promise<SchemaMigrationReport>,
  ): Promise<SchemaMigrationReport | Error> {
    return run.catch((err: Error) => err);
  }

  before(function () {
    skipOnEmbedded(this, db(), 'the writer needs a session of its own');
  });
  beforeEach(() => dropAllTables(db()));
  afterEach(async () => {
    for (const a of apps.splice(0)) await closeApp(a);
  });

  it('refuses, keeping the value, when the app writes it while the check scans', async function () {
    this.timeout(60000);
    const ds = await runningApp();
    const run = outcome(migrateSchemaWithReport(app([TITLED_NOTE])));
    const column = pg() ? 'SELECT COUNT("body")' : 'COUNT(`body`)';
    expect(await running(column)).to.be.true();
    expect(await write(ds)).to.be.undefined();
    const result = await run;
    expect(result).to.be.instanceOf(DataLossError);
    expect((result as Error).message).to.match(
      /drops column "body", which received 1 non-null value while the run was checking/,
    );
    expect(await preciousRows()).to.equal(1);
    expect(await guards()).to.deepEqual([]);
  });

  it('rejects the write with the guard, and migrates, when the app writes after the check', async function () {
    this.timeout(60000);
    const ds = await runningApp();
    let inserted = 0;
    const insertErrors: string[] = [];
    let done = false;
    // The app's ordinary writes (no body) go on during the whole run.
    const inserting = (async () => {
      while (!done) {
        await ds
          .execute(`INSERT INTO ${table()} (title) VALUES ('during')`)
          .then(
            () => inserted++,
            (err: Error) => insertErrors.push(err.message),
          );
        await setTimeout(2);
      }
    })();
    const run = outcome(migrateSchemaWithReport(app([TITLED_NOTE])));
    expect(await guarded()).to.be.true();
    const rejected = await write(ds);
    const result = await run;
    done = true;
    await inserting;
    expect(result).to.not.be.instanceOf(Error);
    expect((result as SchemaMigrationReport).dataSources[0].status).to.equal(
      'migrated',
    );
    expect(rejected).to.be.instanceOf(Error);
    expect((rejected as Error).message).to.match(
      pg() ? /violates check constraint "lsm_guard_/ : /drops column body/,
    );
    expect(await guards()).to.deepEqual([]);
    expect(inserted).to.be.greaterThan(0);
    if (pg()) {
      expect(insertErrors).to.deepEqual([]);
    } else {
      // The instant between the ALTER and the removal of its triggers
      // (README, Safety): a write there fails, and loses nothing.
      for (const message of insertErrors) {
        expect(message).to.equal("Unknown column 'body' in 'NEW'");
      }
    }
  });

  it('leaves no guard behind when the change fails after the guard was added', async () => {
    await runningApp();
    // Something the plan does not know makes the drop fail (a view is
    // predicted: PostgreSQL, a row security policy on the column).
    await db().query(
      pg()
        ? 'CREATE POLICY note_bodies ON note USING (body IS NULL)'
        : 'ALTER TABLE `Note` ADD CONSTRAINT body_needs_title CHECK (body IS NULL OR title IS NOT NULL)',
    );
    const result = await outcome(migrateSchemaWithReport(app([TITLED_NOTE])));
    if (pg()) await db().query('DROP POLICY note_bodies ON note');
    expect(result).to.be.instanceOf(MigrationFailedError);
    // The failure names the plan's statement, not a guard's.
    expect((result as MigrationFailedError).sql).to.match(
      // MySQL: in its online form.
      /DROP COLUMN .body.(, ALGORITHM=INSTANT)?$/,
    );
    expect(await guards()).to.deepEqual([]);
  });

  it('names the failing statement, after a guarded one, and leaves no guard behind', async () => {
    await runningApp();
    const zeta: ModelSpec = {
      name: 'Zeta',
      properties: {...TITLED_NOTE.properties, extra: {type: 'string'}},
    };
    await migrateSchemaWithReport(app([OLD_NOTE, zeta]));
    await db().query(
      pg()
        ? 'CREATE POLICY zeta_extras ON zeta USING (extra IS NULL)'
        : 'ALTER TABLE `Zeta` ADD CONSTRAINT extra_needs_title CHECK (extra IS NULL OR title IS NOT NULL)',
    );
    const result = await outcome(
      migrateSchemaWithReport(
        app([TITLED_NOTE, {...zeta, properties: TITLED_NOTE.properties}]),
      ),
    );
    if (pg()) await db().query('DROP POLICY zeta_extras ON zeta');
    expect(result).to.be.instanceOf(MigrationFailedError);
    const error = result as MigrationFailedError;
    expect(error.sql).to.match(
      /Zeta.* DROP COLUMN .extra.(, ALGORITHM=INSTANT)?$/i,
    );
    // MySQL commits each statement: the guarded drop before it stays applied.
    expect(error.applied.map(s => s.sql)).to.deepEqual(
      pg() ? [] : ['ALTER TABLE `Note` DROP COLUMN `body`, ALGORITHM=INSTANT'],
    );
    expect(await guards()).to.deepEqual([]);
  });

  it('removes a guard left by a killed run, and a dry run adds none', async () => {
    await runningApp();
    await db().query(
      pg()
        ? 'ALTER TABLE note ADD CONSTRAINT lsm_guard_dead0000_0 CHECK (body IS NULL) NOT VALID'
        : 'CREATE TRIGGER lsm_guard_dead0000_0_i BEFORE INSERT ON `Note` FOR EACH ROW ' +
            "IF NEW.body IS NOT NULL THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'stale'; END IF",
    );
    await migrateSchemaWithReport(app([TITLED_NOTE]), {dryRun: true});
    expect(await guards()).to.deepEqual([
      'lsm_guard_dead0000_0' + (pg() ? '' : '_i'),
    ]);
    await migrateSchemaWithReport(app([OLD_NOTE]));
    expect(await guards()).to.deepEqual([]);
    await db().query(
      `INSERT INTO ${table()} (title, body) VALUES ('t', ${mark(1)})`,
      [PRECIOUS],
    );
    expect(await preciousRows()).to.equal(1);
  });
});

describeEachDatabase('the data guard on a type change', (db, kind) => {
  if (kind !== 'postgresql') return;
  const apps: MigratingApp[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await closeApp(a);
  });

  function codeApp(code: PropertyDefinition): MigratingApp {
    const built = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      {name: 'Item', properties: {id: {type: 'number', id: true}, code}},
    ]);
    apps.push(built);
    return built;
  }

  it('refuses when a value the new type would alter arrives while the check scans', async function () {
    skipOnEmbedded(this, db(), 'the writer needs a session of its own');
    this.timeout(60000);
    await dropAllTables(db());
    await migrateSchemaWithReport(codeApp({type: 'string'}));
    await db().query(
      'INSERT INTO item (id, code) SELECT g, g::text FROM generate_series(1, 262144) g',
    );
    const run = migrateSchemaWithReport(
      codeApp({type: 'number', postgresql: {dataType: 'integer'}}),
    ).catch((err: Error) => err);
    const writer = await apps[0].get<juggler.DataSource>('datasources.db');
    const seen = async () => {
      for (const until = Date.now() + 15000; Date.now() < until;) {
        const [row] = await db().query<{n: string}>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'
              AND query LIKE '%IS NOT DISTINCT FROM%' AND pid <> pg_backend_pid()`,
        );
        if (Number(row.n) > 0) return true;
      }
      return false;
    };
    expect(await seen()).to.be.true();
    // ' 7' converts to 7, which reads back as '7': the space is lost.
    await writer.execute("UPDATE item SET code = ' 7' WHERE id = 1");
    const result = await run;
    expect(result).to.be.instanceOf(DataLossError);
    expect((result as Error).message).to.match(
      /changes column "code": 1 value that would not survive arrived while the run was checking/,
    );
    const rows = await db().query<{code: string}>(
      'SELECT code FROM item WHERE id = 1',
    );
    expect(rows[0].code).to.equal(' 7');
    const left = await db().query(
      "SELECT conname FROM pg_constraint WHERE conname LIKE 'lsm\\_guard\\_%'",
    );
    expect(left).to.deepEqual([]);
  });
});
