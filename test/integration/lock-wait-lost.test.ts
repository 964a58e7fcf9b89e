import {expect} from '@loopback/testlab';
import mysql from 'mysql2/promise';
import {setTimeout as sleep} from 'node:timers/promises';
import {Client} from 'pg';
import {
  migrateSchemaWithReport,
  MigrationFailedError,
  mysqlLockName,
  POSTGRES_LOCK_KEY,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {
  describeEachDatabase,
  serverSettings,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';
import {rejection} from '../support/rejection';
import {NOTE_MODEL, NOTE_MODEL_WITH_BODY} from '../support/scripts';
import {terminateSession, watchUncaught} from '../support/sessions';

/** Another process's migration lock, held from a session of the test's own. */
interface HeldElsewhere {
  /** Its session (pid / connection id). */
  readonly id: string;
  release(): Promise<void>;
}

async function holdLock(db: TestDatabase): Promise<HeldElsewhere> {
  if (db.kind === 'postgresql') {
    const client = new Client({
      ...serverSettings('postgresql'),
      database: db.name,
    });
    await client.connect();
    const {rows} = await client.query<{pid: number}>(
      'SELECT pg_advisory_lock($1::bigint), pg_backend_pid() AS pid',
      [POSTGRES_LOCK_KEY.toString()],
    );
    return {id: String(rows[0].pid), release: () => client.end()};
  }
  const conn = await mysql.createConnection({
    ...serverSettings('mysql'),
    database: db.name,
  });
  const [rows] = await conn.query<mysql.RowDataPacket[]>(
    'SELECT GET_LOCK(?, 0) AS got, CONNECTION_ID() AS id',
    [mysqlLockName(db.name)],
  );
  return {id: String(rows[0].id), release: () => conn.end()};
}

/**
 * The sessions to end: PostgreSQL shows the run's polling session by its
 * last query (each query of the lock's connection is about advisory locks). MySQL shows no query of an idle session (and a poll is too
 * short to be seen running): once the run has had time to start polling,
 * every session of the database but the test's own and the holder's (the
 * run's pool ones too: mysql2's pool drops a connection the server ends).
 */
async function pollingSessions(
  db: TestDatabase,
  holder: string,
): Promise<string[]> {
  if (db.kind === 'mysql') {
    await sleep(1_500);
    const rows = await db.query<{id: number}>(
      `SELECT ID AS id FROM information_schema.PROCESSLIST
        WHERE DB = DATABASE() AND ID NOT IN (CONNECTION_ID(), ?)`,
      [Number(holder)],
    );
    return rows.map(r => String(r.id));
  }
  for (const until = Date.now() + 10_000; Date.now() < until;) {
    const rows = await db.query<{id: number}>(
      `SELECT pid AS id FROM pg_stat_activity
        WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), $1)
          AND query LIKE '%advisory%'`,
      [Number(holder)],
    );
    if (rows.length > 0) return rows.map(r => String(r.id));
    await sleep(20);
  }
  throw new Error('no run polled for the lock');
}

/**
 * A run that waits for another process's migration lock polls for it on a
 * connection of its own. When the server ends that connection, the run
 * fails at its next attempt with the error that ended it, not with the
 * driver's error for a query on a closed connection.
 */
describeEachDatabase(
  'a run whose lock connection ends while it waits',
  (db, kind) => {
    const terminated =
      kind === 'postgresql'
        ? /terminating connection due to administrator command/
        : /Connection lost|Connection was killed|the lock's connection ended/;
    let apps: MigratingApp[];

    before(function () {
      skipOnEmbedded(this, db(), 'the lock needs separate database sessions');
    });
    beforeEach(async () => {
      apps = [];
      await dropAllTables(db());
      await migrateSchemaWithReport(appWith([NOTE_MODEL]));
    });
    afterEach(async () => {
      for (const app of apps) await closeApp(app);
    });

    function appWith(models: ModelSpec[]): MigratingApp {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
      apps.push(app);
      return app;
    }

    it("fails with the server's error and changes nothing; the next run completes", async () => {
      const uncaught = watchUncaught();
      const holder = await holdLock(db());
      let error: Error;
      try {
        const running = rejection(
          migrateSchemaWithReport(appWith([NOTE_MODEL_WITH_BODY]), {
            lockTimeoutMs: 20_000,
          }),
        );
        for (const id of await pollingSessions(db(), holder.id)) {
          await terminateSession(db(), id);
        }
        error = await running;
      } finally {
        await holder.release();
      }
      await sleep(300);
      expect(uncaught.stop()).to.eql([]);

      expect(error).to.be.instanceOf(MigrationFailedError);
      expect(error.message).to.match(terminated);
      expect(error.message).not.to.match(/not queryable|closed state/);
      const hasBody = async () =>
        (await columns(db(), 'note')).some(c => c.column === 'body');
      expect(await hasBody()).to.be.false();

      const report = await migrateSchemaWithReport(
        appWith([NOTE_MODEL_WITH_BODY]),
      );
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(await hasBody()).to.be.true();
    });
  },
);
