import {expect} from '@loopback/testlab';
import {setTimeout as sleep} from 'node:timers/promises';
import {migrateSchemaWithReport} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';
import {NOTE_MODEL} from '../support/scripts';

/**
 * A test suite migrates, disconnects the datasource (`ds.disconnect()`, or
 * `app.stop()` on a datasource that observes the app's life cycle), and
 * migrates again with it. The MySQL connector connects again; the
 * PostgreSQL one cannot (its pool is gone), and juggler leaves the
 * datasource `connecting`: stock fails after juggler's `connectionTimeout`
 * ("Timeout in connecting"). The run waited for a `connected` event that
 * never comes: its promise never settled (a `migrate` script ended with
 * exit code 0, its work not done).
 */
describeEachDatabase(
  'a datasource disconnected after it connected',
  (db, kind) => {
    const connectionTimeout = 2000;
    let app: MigratingApp;

    beforeEach(async () => {
      await dropAllTables(db());
      app = buildApp(
        MigratingApp,
        {db: {...db().dataSourceConfig, connectionTimeout}},
        [NOTE_MODEL],
      );
      await migrateSchemaWithReport(app);
      await closeApp(app);
    });
    // MySQL connected again: close it. The PostgreSQL one stays disconnected
    // (and `connecting`: closeApp() would wait for it).
    afterEach(async () => {
      if (kind === 'mysql') await closeApp(app);
    });

    it('is migrated again, or the run fails within its connectionTimeout saying why', async function () {
      this.timeout(20000);
      const started = performance.now();
      const outcome = await Promise.race([
        migrateSchemaWithReport(app, {fullCheck: true}).then(
          report => ({statuses: report.dataSources.map(d => d.status)}),
          (err: Error) => ({error: err.message}),
        ),
        sleep(connectionTimeout + 8000).then(() => ({pending: true})),
      ]);
      if (kind === 'mysql') {
        expect(outcome).to.eql({statuses: ['up-to-date']});
        return;
      }
      expect(outcome).to.have.property('error');
      // One wait: the fast path's read and the plan both waited in turn.
      expect(performance.now() - started).to.be.below(2 * connectionTimeout);
      expect((outcome as {error: string}).error).to.match(
        new RegExp(
          `^Schema autoupdate of datasource "db" \\(postgresql\\) failed: ` +
            `Datasource "db" did not connect within ${connectionTimeout} ms ` +
            `\\(its connectionTimeout setting; 5000 by default\\)\\. ` +
            'A datasource disconnected after it connected \\(ds\\.disconnect\\(\\), ' +
            "or app\\.stop\\(\\) on one that observes the app's life cycle\\)",
        ),
      );
    });

    it('fails a dry run the same way, saying it was planning', async function () {
      if (kind === 'mysql') this.skip();
      this.timeout(20000);
      const {message} = await rejection(
        app.planSchemaMigration({fullCheck: true}),
      );
      expect(message).to.startWith(
        'Planning the schema autoupdate of datasource "db" (postgresql) failed: ' +
          `Datasource "db" did not connect within ${connectionTimeout} ms`,
      );
    });
  },
);
