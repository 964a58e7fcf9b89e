import {expect} from '@loopback/testlab';
import {ShadowDatabaseError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  todoModels,
} from '../support/app-builder';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

describeEachDatabase(
  'migrate --generate --shadow-url of another kind',
  (db, kind) => {
    it("refuses at once a URL whose scheme is not the datasource's database, naming both", async () => {
      const app = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig},
        todoModels(),
      );
      // The other server's own port: a driver speaking the wrong protocol to it
      // waits for a handshake until its connect timeout.
      const other =
        kind === 'postgresql'
          ? 'mysql://root@127.0.0.1:3306/qa19_nowhere'
          : 'postgres://postgres@127.0.0.1:5432/qa19_nowhere';
      try {
        const started = Date.now();
        const error = await rejection(
          app.generateMigrationScript('x', {
            shadowDatabase: other,
            dryRun: true,
          }),
        );
        expect(error).to.be.instanceOf(ShadowDatabaseError);
        expect((error as Error).message).to.match(
          kind === 'postgresql'
            ? /Cannot plan on the given shadow database \(shadowDatabase, CLI --shadow-url\) for datasource "db": its URL is a mysql: one, and datasource "db" is a postgresql datasource: give a postgres:\/\/ or postgresql:\/\/ URL\./
            : /Cannot plan on the given shadow database \(shadowDatabase, CLI --shadow-url\) for datasource "db": its URL is a postgres: one, and datasource "db" is a mysql datasource: give a mysql:\/\/ or mariadb:\/\/ URL\./,
        );
        expect(Date.now() - started).to.be.below(5000);
      } finally {
        await closeApp(app);
      }
    });
  },
);
