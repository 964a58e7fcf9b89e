import {expect} from '@loopback/testlab';
import type {EventEmitter} from 'node:events';
import {setTimeout as sleep} from 'node:timers/promises';
import {
  migrateSchemaWithReport,
  MigrationFailedError,
  type SchemaMigrationReport,
} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {cuttingProxy, type CuttingProxy} from '../support/cutting-proxy';
import {
  describeEachDatabase,
  serverSettings,
  skipOnEmbedded,
} from '../support/databases';
import {rejection} from '../support/rejection';
import {watchUncaught} from '../support/sessions';
import {NOTE_MODEL} from '../support/scripts';

/**
 * The run's own queries through the connector's `execute` run on a
 * connection the pool lends without listening to it (pg's `Pool`). One
 * broken under such a query by the network (not a session the server
 * ends) fails that query, which the run reports: the process does not
 * crash with the connection's `'error'` event.
 */
describeEachDatabase(
  "a connection broken client-side under the run's query",
  (db, kind) => {
    let app: MigratingApp | undefined;
    let proxy: CuttingProxy | undefined;

    before(function () {
      skipOnEmbedded(this, db(), 'a proxy needs a server');
    });
    beforeEach(() => dropAllTables(db()));
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
      await proxy?.close();
    });

    /** Migrate the note model through a proxy that cuts the query holding `cue`. */
    async function migrateCutAt(
      cue: string,
    ): Promise<{outcome: SchemaMigrationReport | Error; uncaught: unknown[]}> {
      proxy = await cuttingProxy(serverSettings(kind), cue);
      app = buildApp(
        MigratingApp,
        {db: {...db().dataSourceConfig, host: '127.0.0.1', port: proxy.port}},
        [NOTE_MODEL],
      );
      const watch = watchUncaught();
      const outcome = await migrateSchemaWithReport(app).catch(
        (err: Error) => err,
      );
      // The connection reports its end after the query failed.
      await sleep(200);
      expect(proxy.cut).to.be.true();
      return {outcome, uncaught: watch.stop()};
    }

    it('warns when the fingerprint write breaks, and the run is done', async () => {
      const {outcome, uncaught} = await migrateCutAt(
        'sources_fingerprint, models, recorded_at',
      );
      expect(uncaught).to.eql([]);
      const [source] = (outcome as SchemaMigrationReport).dataSources;
      expect(source.status).to.equal('migrated');
      expect(source.warnings.join('\n')).to.match(
        /the schema fingerprint could not be recorded in schema_migration_state \((Connection terminated unexpectedly|Connection lost: .*)\): the next run checks the schema in full/,
      );
      expect((await columns(db(), 'note')).map(c => c.column)).to.eql([
        'id',
        'text',
      ]);
    });

    it('fails with the broken connection when the fingerprint read breaks', async () => {
      const {outcome, uncaught} = await migrateCutAt('modelFingerprint');
      expect(uncaught).to.eql([]);
      expect(outcome).to.be.instanceOf(MigrationFailedError);
      expect((outcome as Error).message).to.match(
        /^Schema autoupdate of datasource "db" \((postgresql|mysql)\) failed: (Connection terminated unexpectedly|Connection lost: The server closed the connection\.)/,
      );
      expect(await columns(db(), 'note')).to.eql([]);
    });

    it("stops hearing the pool's lent connections when the run fails finding its repositories", async () => {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE_MODEL]);
      app
        .bind('repositories.BrokenRepository')
        .toDynamicValue(() => {
          throw new Error('the repository cannot be made');
        })
        .tag('repository');
      const ds = await app.get<{
        connector: {pg?: EventEmitter; client?: EventEmitter};
      }>('datasources.db');
      const pool = ds.connector.pg ?? ds.connector.client;
      const before = pool?.listenerCount('acquire');
      const error = await rejection(migrateSchemaWithReport(app));
      expect(error.message).to.match(/the repository cannot be made/);
      expect(pool?.listenerCount('acquire')).to.equal(before);
    });
  },
);
