import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, MigrationFailedError} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {columns} from '../support/catalog';
import {cuttingProxy, type CuttingProxy} from '../support/cutting-proxy';
import {
  describeOnDatabase,
  serverSettings,
  skipOnEmbedded,
} from '../support/databases';
import {rejection} from '../support/rejection';
import {NOTE_MODEL, NOTE_MODEL_WITH_BODY} from '../support/scripts';

/**
 * PostgreSQL sends a plan's transaction whole, `COMMIT` included, in one
 * round trip. When the connection breaks on the way back (a network, a
 * proxy: no error of the server), the server may have committed it: the
 * error must not say that nothing was changed.
 */
describeOnDatabase(
  'postgresql',
  "the apply's connection broken before the server answered (postgresql)",
  db => {
    let app: MigratingApp | undefined;
    let proxy: CuttingProxy | undefined;

    before(function () {
      skipOnEmbedded(this, db(), 'a proxy needs a server');
    });
    beforeEach(async () => {
      await db().query('DROP TABLE IF EXISTS note');
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE_MODEL]);
      await migrateSchemaWithReport(app);
      await closeApp(app);
    });
    afterEach(async () => {
      if (app) await closeApp(app);
      await proxy?.close();
    });

    it('says the transaction may have been committed, and it was', async () => {
      const server = serverSettings('postgresql');
      proxy = await cuttingProxy(server, 'SET LOCAL application_name');
      app = buildApp(
        MigratingApp,
        {db: {...db().dataSourceConfig, host: '127.0.0.1', port: proxy.port}},
        [NOTE_MODEL_WITH_BODY],
      );
      const error = await rejection(migrateSchemaWithReport(app));
      expect(proxy.cut).to.be.true();
      expect(error).to.be.instanceOf(MigrationFailedError);
      const message = (error as Error).message;
      expect(message).not.to.match(/nothing was changed/);
      expect(message).to.match(
        /The connection broke before the database answered: whether the transaction was committed is not known/,
      );
      expect(message).to.match(/Run the migration again/);
      // The server ran the transaction to its end: it was committed.
      const names = (await columns(db(), 'note')).map(c => c.column);
      expect(names).to.containEql('body');
    });
  },
);
