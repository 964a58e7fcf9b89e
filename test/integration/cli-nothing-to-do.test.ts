import {expect} from '@loopback/testlab';
import {runMigrationCli} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase} from '../support/databases';
import {NOTE_MODEL, noteScript} from '../support/scripts';

describeEachDatabase(
  'migrate --revert-to / --baseline with nothing to do',
  db => {
    let app: MigratingApp;
    beforeEach(async () => {
      await dropAllTables(db());
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE_MODEL]);
      for (const version of ['1.0.0', '1.1.0']) {
        app.migrationScript(noteScript(version));
      }
      await app.migrateSchema();
    });
    afterEach(() => closeApp(app));

    async function cli(args: string[]) {
      const io = captureIo();
      const code = await runMigrationCli(() => app, args, io);
      return {code, out: io.out()};
    }

    it('--revert-to the highest applied version says none is applied above it, not that none is applied', async () => {
      const {code, out} = await cli(['--revert-to', '1.1.0']);
      expect(code).to.equal(0);
      expect(out).to.equal(
        'Nothing to revert: no migration script above 1.1.0 is applied.\n',
      );
    });

    it('--baseline VERSION says every script up to it is recorded, not every script', async () => {
      app.migrationScript(noteScript('2.0.0'));
      const {code, out} = await cli(['--baseline', '1.1.0']);
      expect(code).to.equal(0);
      expect(out).to.equal(
        'Nothing to baseline: every migration script up to 1.1.0 is recorded already.\n',
      );
      const scoped = await cli(['--baseline', '1.1.0', '--datasources', 'db']);
      expect(scoped.out).to.equal(
        'Nothing to baseline: every migration script up to 1.1.0 of datasource(s) db is recorded already.\n',
      );
    });

    it('--baseline --datasources X says X has no script when the app has scripts of other datasources only', async () => {
      const two = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig, other: db().dataSourceConfig},
        [NOTE_MODEL],
      );
      two.migrationScript(noteScript('1.0.0', undefined, {dataSource: 'db'}));
      try {
        const io = captureIo();
        const args = ['--baseline', '--datasources', 'other'];
        expect(await runMigrationCli(() => two, args, io)).to.equal(0);
        expect(io.out()).to.equal(
          'Nothing to baseline: no migration script migrates datasource(s) other: ' +
            "the app's scripts migrate db. Name those in `dataSources` " +
            '(`--datasources` on the command line), or leave it out.\n',
        );
        const report = await two.baselineMigrations({dataSources: ['other']});
        expect(report.scripts).to.be.empty();
        expect(report.warnings).to.have.length(1);
      } finally {
        await closeApp(two);
      }
    });

    it('--baseline in an app without any migration script says it has none, and where they go', async () => {
      const bare = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        NOTE_MODEL,
      ]);
      try {
        const io = captureIo();
        expect(await runMigrationCli(() => bare, ['--baseline'], io)).to.equal(
          0,
        );
        const out = io.out();
        expect(out).to.not.match(/recorded already/);
        expect(out).to.match(
          /^Nothing to baseline: the app has no migration scripts\. /,
        );
        expect(out).to.match(/src\/migrations\/\*\.migration\.ts/);
        expect(out).to.match(/app\.migrationScript\(/);
      } finally {
        await closeApp(bare);
      }
    });
  },
);
