import {expect} from '@loopback/testlab';
import {createServer, type AddressInfo, type Socket} from 'node:net';
import {setTimeout} from 'node:timers/promises';
import type {juggler} from '@loopback/repository';
import {
  MigrationFailedError,
  MigrationLedgerError,
  migrateSchemaWithReport,
} from '../../src';
import {buildApp, MigratingApp, type ModelSpec} from '../support/app-builder';
import {describeEachDatabase, skipOnEmbedded} from '../support/databases';
import {rejection} from '../support/rejection';

const TODO: ModelSpec = {
  name: 'Todo',
  properties: {
    id: {type: 'number', id: true, generated: true},
    title: {type: 'string'},
  },
};

describeEachDatabase('a datasource that cannot connect', (db, kind) => {
  let app: MigratingApp;

  beforeEach(function () {
    skipOnEmbedded(this, db(), 'an embedded PostgreSQL has one database');
  });
  // No afterEach closes the app: its datasource holds no connection, and
  // disconnect() during the connector's own failing first attempt makes
  // mysql2 throw "Pool is closed" later.

  function appOn(settings: Record<string, unknown>): MigratingApp {
    app = buildApp(
      MigratingApp,
      {db: {...db().dataSourceConfig, ...settings}},
      [TODO],
    );
    return app;
  }

  const missing = () => `${db().name}_missing`;
  const noDatabase =
    /\nThe datasource's database does not exist on the server: create it, or fix the datasource's database setting\./;

  it('migrateSchema() says the database does not exist and how to fix it', async () => {
    const error = await rejection(
      migrateSchemaWithReport(appOn({database: missing()})),
    );
    expect(error).to.be.instanceOf(MigrationFailedError);
    expect(error.message).to.match(noDatabase);
    expect(error.message).to.match(
      kind === 'postgresql' ? /code: 3D000/ : /errno: 1049/,
    );
  });

  it('says a MySQL datasource names no database, in a dry run and a run (qa81)', async function () {
    if (kind !== 'mysql') this.skip();
    const hint =
      /\nThe datasource names no database: set its database setting \(or the url's path\) to the database to migrate\./;
    for (const dryRun of [true, false]) {
      const error = await rejection(
        migrateSchemaWithReport(appOn({database: undefined}), {dryRun}),
      );
      expect(error).to.be.instanceOf(MigrationFailedError);
      expect(error.message).to.match(hint);
      expect(error.message).to.match(/errno: 1046/);
    }
  });

  it('migrationStatus() fails with MigrationLedgerError naming the datasource, and how to fix it', async () => {
    const error = await rejection(
      appOn({database: missing()}).migrationStatus(),
    );
    expect(error).to.be.instanceOf(MigrationLedgerError);
    expect((error as MigrationLedgerError).code).to.equal(
      'MIGRATION_LEDGER_FAILED',
    );
    expect((error as MigrationLedgerError).dataSource).to.equal('db');
    // The MySQL connector connects lazily: its pool is tried first.
    expect(error.message).to.startWith(
      `Could not connect to datasource "db" (${kind}) to read its migration script ledger: `,
    );
    expect(error.message).to.match(noDatabase);
  });

  it('revertMigrations() and baselineMigrations() fail the same way', async () => {
    const target = appOn({database: missing()});
    target.migrationScript(
      class SeedLists {
        version = '1.0.0';
        async up() {}
        async down() {}
      },
    );
    for (const run of [
      () => target.revertMigrations(),
      () => target.baselineMigrations(),
    ]) {
      const error = await rejection(run());
      expect(error).to.be.instanceOf(MigrationLedgerError);
      expect(error.message).to.match(noDatabase);
    }
  });

  it('says a server that refuses the connection could not be reached', async () => {
    const error = await rejection(
      migrateSchemaWithReport(appOn({host: '127.0.0.1', port: 1})),
    );
    expect(error).to.be.instanceOf(MigrationFailedError);
    expect(error.message).to.match(/ECONNREFUSED/);
    expect(error.message).to.match(
      /\nThe database server could not be reached: check that it is running and that the datasource's host and port \(or url\) point at it\./,
    );
  });

  it('says a server that accepts connections but never answers did not connect, within connectionTimeout (a pool of one)', async () => {
    const sockets: Socket[] = [];
    const silent = createServer(socket => sockets.push(socket));
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
    const {port} = silent.address() as AddressInfo;
    // The run waits for the first connection as long as juggler does
    // (connectionTimeout), before the driver's own limit (MySQL).
    const target = appOn({
      host: '127.0.0.1',
      port,
      connectionTimeout: 3_000,
      ...(kind === 'mysql'
        ? {connectTimeout: 10_000, connectionLimit: 1}
        : {max: 1}),
    });
    const ds = await target.get<juggler.DataSource>('datasources.db');
    const started = Date.now();
    try {
      const error = await rejection(
        migrateSchemaWithReport(target, {lockTimeoutMs: 1_000}),
      );
      expect(Date.now() - started).to.be.below(6_000);
      expect(error).to.be.instanceOf(MigrationFailedError);
      expect(error.message).to.not.match(/in use elsewhere in the app/);
      expect(error.message).to.match(
        /Datasource "db" did not connect within 3000 ms/,
      );
      // Not said connected before its first connection was made.
      expect(ds.connected).to.be.false();
    } finally {
      // The connections still being made fail when their sockets close:
      // an app hears its datasource's errors once the run is over.
      ds.on('error', () => undefined);
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('leaves no connection error unheard after the run: it would crash the process', async () => {
    const uncaught: unknown[] = [];
    const hear = (err: unknown) => uncaught.push(err);
    // Mocha's own handler would fail whichever test runs when it comes.
    const mochaHandlers = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', hear);
    try {
      for (let i = 0; i < 3; i++) {
        const target = appOn({host: '127.0.0.1', port: 1});
        // No script is registered: nothing to baseline, no connection
        // needed; the run ends before the connector's first connection,
        // begun when the DataSource was made, fails.
        expect((await target.baselineMigrations()).scripts).to.eql([]);
      }
      await setTimeout(300);
    } finally {
      process.removeListener('uncaughtException', hear);
      for (const handler of mochaHandlers) {
        process.on('uncaughtException', handler);
      }
    }
    expect(uncaught).to.eql([]);
  });
});
