import {expect} from '@loopback/testlab';
import {setTimeout as sleep} from 'node:timers/promises';
import {
  migrateSchemaWithReport,
  MigrationFailedError,
  MigrationScriptError,
  runMigrationCli,
} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase, skipOnEmbedded} from '../support/databases';
import {
  defineScript,
  ledgerVersions,
  NOTE_MODEL,
  NOTE_MODEL_WITH_BODY,
} from '../support/scripts';
import {
  blockDdl,
  terminateSession,
  waitForBlockedSession,
  watchUncaught,
} from '../support/sessions';
import {rejection} from '../support/rejection';

describeEachDatabase('a connection the server ends', (db, kind) => {
  const table = kind === 'postgresql' ? 'note' : '`Note`';
  /** The server's own error for a session it ended. */
  const terminated =
    kind === 'postgresql'
      ? /terminating connection due to administrator command/
      : /Connection was killed|Connection lost|Query execution was interrupted/;
  let apps: MigratingApp[];

  before(function () {
    skipOnEmbedded(this, db(), 'ending a session needs separate sessions');
  });
  beforeEach(async () => {
    apps = [];
    await dropAllTables(db());
    await migrateWith([NOTE_MODEL]);
  });
  afterEach(async () => {
    for (const app of apps) await closeApp(app);
  });

  function appWith(
    models = [NOTE_MODEL_WITH_BODY],
    settings: Record<string, unknown> = {},
  ): MigratingApp {
    const app = buildApp(
      MigratingApp,
      {db: {...db().dataSourceConfig, ...settings}},
      models,
    );
    apps.push(app);
    return app;
  }

  function migrateWith(models = [NOTE_MODEL_WITH_BODY]) {
    return migrateSchemaWithReport(appWith(models));
  }

  /** Run `run` while the apply's statement waits on a table lock, and end that session. */
  async function endingTheApply<T>(run: () => Promise<T>): Promise<T> {
    const release = await blockDdl(db(), [table]);
    try {
      const running = run();
      running.catch(() => undefined);
      await terminateSession(
        db(),
        await waitForBlockedSession(db(), 'ALTER TABLE'),
      );
      return await running;
    } finally {
      await release();
    }
  }

  async function hasBody(): Promise<boolean> {
    const cols = await columns(db(), 'note');
    return cols.some(c => c.column === 'body');
  }

  it("rejects with MigrationFailedError carrying the server's error, and does not crash", async () => {
    const uncaught = watchUncaught();
    const app = appWith();
    const error = await rejection(
      endingTheApply(() => migrateSchemaWithReport(app)),
    );
    // Let the connection report its end, as it does after the rejection.
    await sleep(300);
    expect(uncaught.stop()).to.eql([]);

    expect(error).to.be.instanceOf(MigrationFailedError);
    const failed = error as MigrationFailedError;
    expect(failed.code).to.equal('MIGRATION_FAILED');
    expect((failed.cause as Error).message).to.match(terminated);
    expect(failed.message).to.match(terminated);
    expect(failed.message).to.match(/ended the connection while it ran/);
    expect(failed.message).not.to.match(/not queryable|closed state/);
    if (kind === 'postgresql') {
      expect(failed.database?.code).to.equal('57P01');
      expect(failed.message).to.match(/rolled back: nothing was changed/);
    }
    expect(failed.report.dataSources[0].status).to.equal('failed');
    expect(await hasBody()).to.be.false();

    // Nothing is left half-done: the next run completes.
    const report = await migrateWith();
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await hasBody()).to.be.true();
  });

  it('makes the command line exit with 1, printing the cause', async () => {
    const uncaught = watchUncaught();
    const app = appWith();
    const io = captureIo();
    const code = await endingTheApply(() => runMigrationCli(() => app, [], io));
    await sleep(300);
    expect(uncaught.stop()).to.eql([]);
    expect(code).to.equal(1);
    expect(io.err()).to.match(/^Migration failed: /);
    expect(io.err()).to.match(terminated);
  });

  if (kind === 'postgresql') {
    it("blames no statement wrongly with the connector's onError: 'ignore'", async () => {
      const app = appWith([NOTE_MODEL_WITH_BODY], {onError: 'ignore'});
      // A catalog read first, so that the connector's own listener is on
      // the client the apply will get.
      await migrateSchemaWithReport(app, {dryRun: true});
      const error = await rejection(
        endingTheApply(() => migrateSchemaWithReport(app)),
      );
      expect(error).to.be.instanceOf(MigrationFailedError);
      expect((error.cause as Error).message).to.match(terminated);
      expect(error.message).not.to.match(/not queryable/);
      expect((error as MigrationFailedError).sql).to.be.undefined();
      expect(await hasBody()).to.be.false();
    });

    it('fails a script whose transaction the idle timeout ends, without crashing', async () => {
      const uncaught = watchUncaught();
      const app = appWith([NOTE_MODEL]);
      let resumed = false;
      app.migrationScript(
        defineScript({
          version: '1.0.0',
          description: 'idles in its transaction',
          async up(ctx) {
            await ctx.execute(
              "SET idle_in_transaction_session_timeout = '200ms'",
            );
            await sleep(3_000);
            resumed = true;
          },
        }),
      );
      const error = await rejection(migrateSchemaWithReport(app));
      // The run stopped when the session ended, not when the script returned.
      expect(resumed).to.be.false();
      await sleep(300);
      expect(uncaught.stop()).to.eql([]);
      expect(error).to.be.instanceOf(MigrationScriptError);
      const failed = error as MigrationScriptError;
      expect(failed.database?.code).to.equal('25P03');
      expect(failed.message).to.match(/idle-in-transaction timeout/);
      expect(failed.message).to.match(/rolled back/);
      expect(await ledgerVersions(db())).to.eql([]);
    });
  }
});
