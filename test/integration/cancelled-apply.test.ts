import {expect} from '@loopback/testlab';
import {setTimeout as sleep} from 'node:timers/promises';
import {migrateSchemaWithReport, MigrationFailedError} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {describeOnDatabase, skipOnEmbedded} from '../support/databases';
import {rejection} from '../support/rejection';
import {NOTE_MODEL, NOTE_MODEL_WITH_BODY} from '../support/scripts';
import {blockDdl, waitForBlockedSession} from '../support/sessions';

/**
 * An operator cancels the plan's transaction (`pg_cancel_backend()`), most
 * likely because it holds the app up. It was replayed one statement at a
 * time to name the failing one: every statement ran again, with its locks
 * (a table rewrite in full), only to be rolled back, and the error then
 * blamed "what ran at the same time".
 */
describeOnDatabase(
  'postgresql',
  'a plan transaction an operator cancels',
  db => {
    const apps: MigratingApp[] = [];

    before(function () {
      skipOnEmbedded(this, db(), 'cancelling needs separate sessions');
    });
    beforeEach(async () => {
      await dropAllTables(db());
      const first = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        NOTE_MODEL,
      ]);
      apps.push(first);
      await migrateSchemaWithReport(first);
    });
    after(async () => {
      for (const app of apps) await closeApp(app);
    });

    it('is not run again: the run fails saying it was cancelled, nothing changed', async () => {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        NOTE_MODEL_WITH_BODY,
      ]);
      apps.push(app);
      const unblock = await blockDdl(db(), ['note']);
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        await unblock();
      };
      let again: unknown[];
      let error: Error;
      try {
        const running = rejection(
          migrateSchemaWithReport(app, {
            statementLockTimeoutMs: 10_000,
            lockTimeoutMs: 20_000,
          }),
        );
        const pid = await waitForBlockedSession(db(), 'ALTER TABLE');
        await db().query('SELECT pg_cancel_backend($1)', [Number(pid)]);
        await sleep(500);
        again = await db().query(
          `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'
            AND position('ALTER TABLE' in query) > 0`,
        );
        await release();
        error = await running;
      } finally {
        await release();
      }
      expect(again).to.eql([]);
      expect(error).to.be.instanceOf(MigrationFailedError);
      expect(error.message).to.match(/canceling statement due to user request/);
      expect(error.message).to.match(/operator cancelled it.*not replayed/);
      expect(error.message).to.match(/nothing was changed/);
      expect(error.message).not.to.match(/Replayed/);
      expect(
        (await columns(db(), 'note')).map(c => c.column),
      ).to.not.containEql('body');
    });
  },
);
