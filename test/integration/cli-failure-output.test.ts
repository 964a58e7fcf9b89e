import {expect} from '@loopback/testlab';
import {runMigrationCli} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  TITLED_NOTE,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {captureIo} from '../support/cli-io';
import {defineScript} from '../support/scripts';
import {watchUncaught} from '../support/sessions';
import {setTimeout} from 'node:timers/promises';

function failingScript() {
  return defineScript({
    version: '1.0.0',
    description: 'fails',
    dataSource: 'db',
    up: async () => {
      throw new Error('boom in the script');
    },
  });
}

describeEachDatabase('the command line after a failure', db => {
  let app: MigratingApp;
  beforeEach(async () => {
    await dropAllTables(db());
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [TITLED_NOTE]);
    app.migrationScript(failingScript());
  });
  afterEach(() => closeApp(app));

  it('lists what stays applied, and with --verbose where the script threw', async () => {
    const io = captureIo();
    expect(await runMigrationCli(() => app, ['--verbose'], io)).to.equal(1);
    const err = io.err();
    expect(err).to.match(/^Migration failed: /);
    expect(err).to.match(
      /Applied before the failure \(it stays applied\):\n {2}db \(\w+\): migrated, \d+ statements?/,
    );
    expect(err).to.match(/caused by: Error: boom in the script\n\s+at /);
    // The frame of the script (this file was loaded before source maps
    // were turned on, so it is named as compiled; booted scripts are not).
    expect(err).to.match(/at cls\.up \(\S+cli-failure-output\.test\.[jt]s:\d+/);
    expect(await tables(db())).to.containEql('note');
  });

  it('prints no stack without --verbose', async () => {
    const io = captureIo();
    expect(await runMigrationCli(() => app, [], io)).to.equal(1);
    expect(io.err()).not.to.match(/caused by:/);
  });

  it('--json carries the cause and its stack', async () => {
    const io = captureIo();
    expect(await runMigrationCli(() => app, ['--json'], io)).to.equal(1);
    const printed = JSON.parse(io.out());
    expect(printed.error.code).to.equal('MIGRATION_SCRIPT_FAILED');
    expect(printed.error.cause.message).to.equal('boom in the script');
    expect(printed.error.cause.stack).to.match(
      /cli-failure-output\.test\.[jt]s:\d+/,
    );
    expect(printed.report.dataSources[0].status).to.equal('migrated');
  });
});

describeEachDatabase('the command line with a server down at start', db => {
  /** An app whose boot takes a while, as booters reading files do. */
  class SlowBootApp extends MigratingApp {
    async boot(): Promise<void> {
      await setTimeout(300);
    }
  }

  it('exits 1 saying so when the datasource made by the app fails to connect while it boots', async () => {
    const watch = watchUncaught();
    const io = captureIo();
    const code = await runMigrationCli(
      () =>
        // The datasource connects as it is made, before the boot.
        buildApp(
          SlowBootApp,
          {db: {...db().dataSourceConfig, host: '127.0.0.1', port: 1}},
          [TITLED_NOTE],
        ),
      [],
      io,
    );
    await setTimeout(100);
    expect(watch.stop()).to.eql([]);
    expect(code).to.equal(1);
    expect(io.err()).to.match(/^Migration failed: /);
    expect(io.err()).to.match(/ECONNREFUSED/);
    expect(io.err()).to.match(/could not be reached/);
  });
});
