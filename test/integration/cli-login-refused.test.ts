import {expect} from '@loopback/testlab';
import {runMigrationCli} from '../../src';
import {buildApp, MigratingApp, TITLED_NOTE} from '../support/app-builder';
import {captureIo} from '../support/cli-io';
import {describeOnDatabase} from '../support/databases';

const PASSWORD = 'S3cret"PW';

// The test servers' PostgreSQL trusts every login: only MySQL refuses one.
describeOnDatabase(
  'mysql',
  'the command line when the server refuses the login',
  db => {
    // No afterEach closes the app: its datasource holds no connection (see
    // connection-failures.test.ts).
    const app = () =>
      buildApp(
        MigratingApp,
        {db: {...db().dataSourceConfig, password: PASSWORD}},
        [TITLED_NOTE],
      );

    it('--json prints JSON that parses, the password masked', async () => {
      const io = captureIo();
      expect(await runMigrationCli(app, ['--json'], io)).to.equal(1);
      expect(io.out()).to.not.containEql('S3cret');
      const printed = JSON.parse(io.out());
      expect(printed.error.code).to.equal('MIGRATION_FAILED');
      expect(printed.error.message).to.match(
        /\(using password: YES\)\nThe database server refused the login: /,
      );
    });

    it("keeps MySQL's own words: (using password: YES)", async () => {
      const io = captureIo();
      expect(await runMigrationCli(app, [], io)).to.equal(1);
      expect(io.err()).to.match(
        /Access denied for user '\w+'@'[^']+' \(using password: YES\)\nThe database server refused the login: /,
      );
    });

    it('--generate says so, as a run does, without a place in the driver', async () => {
      const io = captureIo();
      expect(await runMigrationCli(app, ['--generate', 'x'], io)).to.equal(1);
      expect(io.err()).to.match(
        /^Generate failed: Cannot create the shadow database "\w+" on the server of datasource "db": connecting to it failed: Access denied for user '\w+'@'[^']+' \(using password: YES\)\nThe database server refused the login: /,
      );
      expect(io.err()).to.not.match(/Thrown at/);
    });

    it('says so for a user without a password (MariaDB: errno 1698)', async () => {
      const io = captureIo();
      const noPassword = () =>
        buildApp(
          MigratingApp,
          {db: {...db().dataSourceConfig, user: 'lsm_nobody', password: ''}},
          [TITLED_NOTE],
        );
      expect(await runMigrationCli(noPassword, [], io)).to.equal(1);
      expect(io.err()).to.match(
        /Access denied for user 'lsm_nobody'@'[^']+'.*\nThe database server refused the login: /,
      );
    });
  },
);
