import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {
  InvalidMigrationScriptError,
  migrateSchemaWithReport,
  runMigrationCli,
} from '../../src';
import {TodoListApplication} from '../fixtures/todo-app/application';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';
import {ledgerVersions, NOTE_MODEL, noteScript} from '../support/scripts';

const MEMORY_REASON =
  'datasource "db" uses the memory connector: migration scripts run (and are ' +
  'recorded) on postgresql and mysql datasources only, where their ledger and lock live';

// LoopBack's testing advice: acceptance tests bind the app's datasource to
// a memory one, and many call `await app.migrateSchema()` in their setup.
describe('migration scripts of an app whose datasource a test bound to memory', () => {
  let app: TodoListApplication;
  beforeEach(async () => {
    app = new TodoListApplication();
    app.bind('datasources.config.db').to({name: 'db', connector: 'memory'});
    await app.boot();
  });
  afterEach(() => closeApp(app));

  const skipped = {
    version: '1.0.0',
    dataSource: 'db',
    name: 'InboxListMigration',
    status: 'skipped',
    reason: MEMORY_REASON,
  };

  it('migrates the schema as stock, reporting the script skipped, run after run', async () => {
    await app.migrateSchema();
    const report = await migrateSchemaWithReport(app);
    expect(report.scripts).to.containDeep([skipped]);
    expect(report.scripts).to.have.length(1);
    const dryRun = await app.planSchemaMigration();
    expect(dryRun.scripts).to.containDeep([skipped]);
    expect(dryRun.scripts).to.have.length(1);
    const none = await migrateSchemaWithReport(app, {scripts: false});
    expect(none.scripts).to.eql([]);
  });

  it('migrationStatus() says skipped and why; revert and baseline change nothing', async () => {
    expect(await app.migrationStatus()).to.containDeep([skipped]);
    const reverted = await app.revertMigrations();
    expect(reverted.scripts).to.eql([]);
    const baselined = await app.baselineMigrations();
    expect(baselined.scripts).to.containDeep([skipped]);
    expect(baselined.scripts).to.have.length(1);
    expect(await app.migrationStatus()).to.containDeep([skipped]);
  });

  it('--check exits 0 (nothing to do); --status lists the script as skipped', async () => {
    const check = captureIo();
    expect(await runMigrationCli(() => app, ['--check'], check)).to.equal(0);
    expect(check.out()).to.containEql(
      `script 1.0.0 "Create the Inbox list" (db): skipped: ${MEMORY_REASON}`,
    );
    const status = captureIo();
    expect(await runMigrationCli(() => app, ['--status'], status)).to.equal(0);
    expect(status.out()).to.containEql(
      `  1.0.0  skipped  db "Create the Inbox list" (${MEMORY_REASON})\n1 skipped\n`,
    );
  });
});

describe('migration scripts of a memory-only app', () => {
  it('still refuse a datasource name that is not bound (a typo)', async () => {
    const app = new MigratingApp();
    app.dataSource(new juggler.DataSource({name: 'db', connector: 'memory'}));
    app.migrationScript(noteScript('1.0.0', undefined, {dataSource: 'dbs'}));
    const error = await rejection(app.migrateSchema());
    expect(error).to.be.instanceOf(InvalidMigrationScriptError);
    expect(error.message).to.match(
      /names datasource "dbs", which is not bound\. Bound datasources: "db" \(memory\)/,
    );
  });

  it('need the dataSource of a script when no datasource can run it and there are several', async () => {
    const app = new MigratingApp();
    app.dataSource(new juggler.DataSource({name: 'db', connector: 'memory'}));
    app.dataSource(
      new juggler.DataSource({name: 'kv', connector: 'kv-memory'}),
    );
    app.migrationScript(noteScript('1.0.0'));
    const error = await rejection(app.migrateSchema());
    expect(error).to.be.instanceOf(InvalidMigrationScriptError);
    expect(error.message).to.match(
      /cannot run: the app has no PostgreSQL or MySQL datasource \("db" \(memory\), "kv" \(kv-memory\)\)\. .* Set its dataSource/,
    );
  });
});

describeEachDatabase('migration scripts beside a memory datasource', db => {
  beforeEach(() => dropAllTables(db()));

  function mixedApp(): MigratingApp {
    const app = buildApp(
      MigratingApp,
      {db: db().dataSourceConfig, cache: {connector: 'memory'}},
      [NOTE_MODEL],
    );
    app.migrationScript(noteScript('1.0.0'));
    app.migrationScript(
      noteScript('1.1.0', undefined, {dataSource: 'cache', name: 'OnCache'}),
    );
    return app;
  }

  const onCache = {
    version: '1.1.0',
    dataSource: 'cache',
    status: 'skipped',
    reason: MEMORY_REASON.replace('"db"', '"cache"'),
  };

  it('runs the scripts of the database, skips those of memory, records only the first', async () => {
    const app = mixedApp();
    try {
      const dryRun = await app.planSchemaMigration();
      expect(dryRun.scripts).to.containDeep([
        {version: '1.0.0', dataSource: 'db', status: 'pending'},
        onCache,
      ]);
      const report = await migrateSchemaWithReport(app);
      expect(report.scripts).to.containDeep([
        {version: '1.0.0', dataSource: 'db', status: 'applied'},
        onCache,
      ]);
      expect(report.scripts).to.have.length(2);
      expect(await ledgerVersions(db())).to.eql(['1.0.0']);
      expect(await app.migrationStatus()).to.containDeep([
        {version: '1.0.0', dataSource: 'db', status: 'applied'},
        onCache,
      ]);
      const check = captureIo();
      expect(await runMigrationCli(() => app, ['--check'], check)).to.equal(0);

      const reverted = await app.revertMigrations();
      expect(reverted.scripts).to.containDeep([
        {version: '1.0.0', status: 'reverted'},
      ]);
      expect(reverted.scripts).to.have.length(1);
      expect(await ledgerVersions(db())).to.eql([]);
      const baselined = await app.baselineMigrations();
      expect(baselined.scripts).to.containDeep([
        {version: '1.0.0', status: 'baselined'},
        onCache,
      ]);
      expect(await ledgerVersions(db())).to.eql(['1.0.0']);
      expect(await tables(db())).to.containEql('note');
    } finally {
      await closeApp(app);
    }
  });

  it('skips a script without dataSource when the one datasource has disableMigration', async () => {
    const log: string[] = [];
    const app = buildApp(
      MigratingApp,
      {db: {...db().dataSourceConfig, disableMigration: true}},
      [NOTE_MODEL],
    );
    try {
      app.migrationScript(noteScript('1.0.0', log));
      const report = await migrateSchemaWithReport(app);
      expect(report.scripts).to.containDeep([
        {
          version: '1.0.0',
          dataSource: 'db',
          status: 'skipped',
          reason: 'datasource "db" has disableMigration: true',
        },
      ]);
      expect(log).to.eql([]);
      expect(await tables(db())).to.eql([]);
    } finally {
      await closeApp(app);
    }
  });

  it('needs the dataSource of a script when the database has disableMigration beside memory', async () => {
    const app = buildApp(
      MigratingApp,
      {
        db: {...db().dataSourceConfig, disableMigration: true},
        cache: {connector: 'memory'},
      },
      [NOTE_MODEL],
    );
    try {
      app.migrationScript(noteScript('1.0.0'));
      const error = await rejection(app.migrateSchema());
      expect(error).to.be.instanceOf(InvalidMigrationScriptError);
      expect(error.message).to.match(
        /cannot run: the app has no PostgreSQL or MySQL datasource without disableMigration \("db" \((postgresql|mysql)\), "cache" \(memory\)\)\. .* Set its dataSource/,
      );
    } finally {
      await closeApp(app);
    }
  });
});
