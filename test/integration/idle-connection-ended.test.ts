import {expect} from '@loopback/testlab';
import {setTimeout as sleep} from 'node:timers/promises';
import {migrateSchemaWithReport} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {describeEachDatabase, skipOnEmbedded} from '../support/databases';
import {NOTE_MODEL, NOTE_MODEL_WITH_BODY} from '../support/scripts';
import {
  blockDdl,
  terminateSession,
  waitForBlockedSession,
  watchUncaught,
} from '../support/sessions';

/**
 * The server ends a session that sits idle in the datasource's pool while a
 * run goes on (an administrator ending the app's sessions, an idle
 * timeout): the pool drops that connection, and the run, which does not
 * use it, completes. pg's pool reports such a connection's end as an
 * `'error'` event of its own, which no one heard during a run: Node ended
 * the migrating process with it, in the middle of its changes.
 */
describeEachDatabase(
  'a pooled connection the server ends while it idles during a run',
  (db, kind) => {
    const table = kind === 'postgresql' ? 'note' : '`Note`';
    let app: MigratingApp;

    before(function () {
      skipOnEmbedded(this, db(), 'ending a session needs separate sessions');
    });
    beforeEach(async () => {
      await dropAllTables(db());
      const first = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        NOTE_MODEL,
      ]);
      await migrateSchemaWithReport(first);
      await closeApp(first);
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        NOTE_MODEL_WITH_BODY,
      ]);
    });
    afterEach(() => closeApp(app));

    /** Which of `sessions` are idle now (not running a statement). */
    async function idle(sessions: string[]): Promise<string[]> {
      const rows =
        kind === 'postgresql'
          ? await db().query<{id: number}>(
              `SELECT pid AS id FROM pg_stat_activity
              WHERE datname = current_database() AND state = 'idle'`,
            )
          : await db().query<{id: number}>(
              `SELECT ID AS id FROM information_schema.PROCESSLIST
              WHERE DB = DATABASE() AND COMMAND = 'Sleep'`,
            );
      const now = new Set(rows.map(r => String(r.id)));
      return sessions.filter(id => now.has(id));
    }

    it('does not crash the run, which completes', async () => {
      const ds = await app.get<{execute(sql: string): Promise<unknown>}>(
        'datasources.db',
      );
      // Three connections in the pool: the run uses one at a time.
      const sessionSql =
        kind === 'postgresql'
          ? 'SELECT pg_backend_pid() AS id, pg_sleep(0.1)'
          : 'SELECT CONNECTION_ID() AS id, SLEEP(0.1)';
      const pooled = (
        await Promise.all(
          [1, 2, 3].map(
            async () => (await ds.execute(sessionSql)) as [{id: number}],
          ),
        )
      ).map(([row]) => String(row.id));

      const uncaught = watchUncaught();
      const release = await blockDdl(db(), [table]);
      let running: ReturnType<typeof migrateSchemaWithReport> | undefined;
      try {
        running = migrateSchemaWithReport(app);
        running.catch(() => undefined);
        await waitForBlockedSession(db(), 'ALTER TABLE');
        const ended = await idle(pooled);
        expect(ended).to.not.be.empty();
        for (const id of ended) await terminateSession(db(), id);
        // Let the pool hear the end of each connection.
        await sleep(300);
      } finally {
        await release();
      }
      const report = await running;
      expect(uncaught.stop()).to.eql([]);
      expect(report.dataSources[0].status).to.equal('migrated');
      expect((await columns(db(), 'note')).map(c => c.column)).to.containEql(
        'body',
      );
    });
  },
);
