import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {once} from 'node:events';
import {setTimeout as sleep} from 'node:timers/promises';
import {
  InvalidMigrationOptionsError,
  InvalidMigrationScriptError,
  migrateSchemaWithReport,
  MigrationLockTimeoutError,
  MigrationScriptError,
  type MigrationContext,
} from '../../src';
import type {JugglerConnector} from '../../src/juggler';
import {acquireMigrationLock} from '../../src/runner/lock';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {
  describeEachDatabase,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';
import {
  defineScript,
  insertNote,
  ledgerVersions,
  NOTE_MODEL,
  notes,
  noteTable,
} from '../support/scripts';
import {blockDdl} from '../support/sessions';
import {rejection} from '../support/rejection';

/** A promise that never settles: a script that never returns. */
const forever = () => new Promise<never>(() => {});

/** The other sessions of the test database and what they are doing. */
async function sessions(
  db: TestDatabase,
): Promise<{state: string; query: string}[]> {
  return db.kind === 'postgresql'
    ? db.query(
        `SELECT coalesce(state, '') AS state, query FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      )
    : db.query(
        `SELECT COMMAND AS state, coalesce(INFO, '') AS query
           FROM information_schema.PROCESSLIST
          WHERE DB = DATABASE() AND ID <> CONNECTION_ID()`,
      );
}

/** MySQL: the sessions of the test database running a script's `SLEEP`. */
function sleeping(db: TestDatabase): Promise<{id: number}[]> {
  return db.query<{id: number}>(
    `SELECT ID AS id FROM information_schema.PROCESSLIST
      WHERE DB = DATABASE() AND INFO LIKE '%SELECT SLEEP%'
        AND ID <> CONNECTION_ID()`,
  );
}

describeEachDatabase('migration script time limit', (db, kind) => {
  /** Take the migration lock as another process would, and let it go. */
  async function lockWithin(timeoutMs: number): Promise<void> {
    const ds = new juggler.DataSource({...db().dataSourceConfig});
    try {
      if (!ds.connected) await once(ds, 'connected');
      const lock = await acquireMigrationLock(
        ds.connector as JugglerConnector,
        {timeoutMs},
      );
      expect(lock).to.not.be.undefined();
      await lock?.release();
    } finally {
      await ds.disconnect();
    }
  }

  beforeEach(function () {
    skipOnEmbedded(this, db(), 'needs separate database sessions');
    return dropAllTables(db());
  });

  const sleepSql =
    kind === 'postgresql' ? 'SELECT pg_sleep(60)' : 'SELECT SLEEP(60)';

  for (const [what, up] of [
    [
      'never returns',
      async (ctx: MigrationContext) => {
        await insertNote('before the hang')(ctx);
        await forever();
      },
    ],
    [
      `runs ${sleepSql}`,
      async (ctx: MigrationContext) => {
        await insertNote('before the sleep')(ctx);
        await ctx.execute(sleepSql);
      },
    ],
  ] as const) {
    it(`stops a script that ${what} after scriptTimeoutMs, releases the lock and records nothing`, async () => {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        NOTE_MODEL,
      ]);
      try {
        app.migrationScript(defineScript({version: '1.0.0', up}));
        const started = Date.now();
        const err = await rejection(
          migrateSchemaWithReport(app, {scriptTimeoutMs: 1000}),
        );
        const tookMs = Date.now() - started;
        expect(err).to.be.instanceOf(MigrationScriptError);
        expect(err.message).to.match(/timed out after 1000 ms/);
        expect(err.message).to.match(/scriptTimeoutMs/);
        expect(err.message).to.match(/timeoutMs property/);
        // The pool had room: nothing waited for a connection.
        expect(err.message).not.to.match(/every connection of the pool/);
        expect(tookMs).to.be.below(4000);

        expect(await ledgerVersions(db())).to.eql([]);
        if (kind === 'postgresql') {
          // Rolled back: the note it inserted is gone, and no session is
          // left idle in a transaction or still sleeping.
          expect(await notes(db())).to.eql([]);
          const left = await sessions(db());
          expect(
            left.filter(
              s =>
                s.state.startsWith('idle in transaction') ||
                /pg_sleep/.test(s.query),
            ),
          ).to.eql([]);
        } else {
          // MySQL commits each statement: what ran before stays.
          expect((await notes(db())).length).to.equal(1);
        }
        if (kind === 'mysql' && what !== 'never returns') {
          // The SLEEP the script sent keeps running on the server, tagged
          // as the run's: the next run waits for it, or ends it.
          const [orphan] = await sleeping(db());
          expect(orphan).to.not.be.undefined();
          const err2 = await rejection(lockWithin(0));
          expect(err2).to.be.instanceOf(MigrationLockTimeoutError);
          expect(err2.message).to.containEql(`KILL ${orphan.id}`);
          await db().query(`KILL QUERY ${orphan.id}`);
          while ((await sleeping(db())).length > 0) await sleep(20);
        }
        // The lock is free: another process takes it at once.
        await lockWithin(0);
      } finally {
        if (kind === 'mysql') {
          for (const {id} of await sleeping(db())) {
            await db().query(`KILL QUERY ${id}`);
          }
        }
        await closeApp(app);
      }
    });
  }

  it("honours a script's own timeoutMs over the run's scriptTimeoutMs", async () => {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      NOTE_MODEL,
    ]);
    try {
      app.migrationScript(
        defineScript({version: '1.0.0', timeoutMs: 300, up: forever}),
      );
      const started = Date.now();
      const err = await rejection(
        migrateSchemaWithReport(app, {scriptTimeoutMs: 60_000}),
      );
      expect(err.message).to.match(/timed out after 300 ms/);
      expect(Date.now() - started).to.be.below(3000);
    } finally {
      await closeApp(app);
    }
  });

  it('refuses a script whose own timeoutMs is not a duration when it is registered', async () => {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, []);
    try {
      let err: unknown;
      try {
        app.migrationScript(
          defineScript({version: '1.0.0', timeoutMs: -5, up: forever}),
        );
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(InvalidMigrationScriptError);
      expect((err as Error).message).to.match(/timeoutMs = -5: set a number/);
    } finally {
      await closeApp(app);
    }
  });

  it('refuses a limit longer than a timer can wait, instead of stopping the script at once', async () => {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      NOTE_MODEL,
    ]);
    try {
      app.migrationScript(
        defineScript({
          version: '1.0.0',
          up: () => new Promise<void>(resolve => setTimeout(resolve, 50)),
        }),
      );
      const err = await rejection(
        migrateSchemaWithReport(app, {scriptTimeoutMs: 1e10}),
      );
      expect(err).to.be.instanceOf(InvalidMigrationOptionsError);
      expect(err.message).to.match(
        /scriptTimeoutMs must be at most 2147483647 ms \(about 24\.8 days\), got 10000000000/,
      );
      // Refused before any change: not even the ledger or the model's table.
      expect(await tables(db())).to.eql([]);
      let own: unknown;
      try {
        app.migrationScript(
          defineScript({version: '1.0.1', timeoutMs: 1e10, up: forever}),
        );
      } catch (e) {
        own = e;
      }
      expect(own).to.be.instanceOf(InvalidMigrationScriptError);
      expect((own as Error).message).to.match(
        /timeoutMs = 10000000000: timeoutMs must be at most 2147483647 ms/,
      );
    } finally {
      await closeApp(app);
    }
  });

  it('names the sessions whose lock a timed-out statement waited for (PostgreSQL)', async function () {
    if (kind !== 'postgresql') return this.skip();
    const setUp = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      NOTE_MODEL,
    ]);
    await setUp.migrateSchema();
    await closeApp(setUp);
    const release = await blockDdl(db(), [noteTable(kind)]);
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      NOTE_MODEL,
    ]);
    try {
      app.migrationScript(
        defineScript({
          version: '1.0.0',
          up: async ctx => ctx.execute('ALTER TABLE note ADD COLUMN x INTEGER'),
        }),
      );
      const err = await rejection(
        migrateSchemaWithReport(app, {scriptTimeoutMs: 1000}),
      );
      expect(err.message).to.match(/timed out after 1000 ms/);
      expect(err.message).to.match(
        /Its statement was waiting for a lock held by session \d+ \(pid; pg_stat_activity shows what it runs\)/,
      );
      expect(err.message).to.match(/end that session's transaction/);
    } finally {
      await release();
      await closeApp(app);
    }
    expect(await ledgerVersions(db())).to.eql([]);
  });

  it('runs a script that finishes within its limit as before', async () => {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      NOTE_MODEL,
    ]);
    try {
      app.migrationScript(
        defineScript({version: '1.0.0', up: insertNote('quick')}),
      );
      const report = await migrateSchemaWithReport(app, {
        scriptTimeoutMs: 5000,
      });
      expect(report.scripts.map(s => s.status)).to.eql(['applied']);
      expect(await notes(db())).to.eql(['quick']);
    } finally {
      await closeApp(app);
    }
  });
});
