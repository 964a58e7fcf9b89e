import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {once} from 'node:events';
import {
  InvalidMigrationOptionsError,
  migrateSchemaWithReport,
  MigrationLockTimeoutError,
  UnknownDataSourceError,
} from '../../src';
import {acquireMigrationLock} from '../../src/runner/lock';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {
  describeEachDatabase,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';
import {
  ledgerVersions,
  NOTE_MODEL,
  notes,
  noteScript,
} from '../support/scripts';
import {rejection} from '../support/rejection';

/** The app with `Note` on `db`, a second datasource `other` on the same database, and scripts. */
function appWithScripts(db: TestDatabase): MigratingApp {
  const app = buildApp(
    MigratingApp,
    {db: db.dataSourceConfig, other: db.dataSourceConfig},
    [NOTE_MODEL],
  );
  for (const version of ['1.0.0', '1.1.0', '2.0.0'])
    app.migrationScript(noteScript(version, undefined, {dataSource: 'db'}));
  app.migrationScript(noteScript('3.0.0', undefined, {dataSource: 'other'}));
  return app;
}

describeEachDatabase('baselineMigrations()', db => {
  let app: MigratingApp;
  beforeEach(async () => {
    await dropAllTables(db());
    app = appWithScripts(db());
  });
  afterEach(() => closeApp(app));

  it('records the scripts up to a version as applied without running them', async () => {
    const report = await app.baselineMigrations({to: '1.1.0'});
    expect(report.dataSources).to.eql([]);
    expect(report.scripts.map(s => [s.version, s.dataSource, s.status])).to.eql(
      [
        ['1.0.0', 'db', 'baselined'],
        ['1.1.0', 'db', 'baselined'],
      ],
    );
    expect(report.scripts[0].reason).to.match(
      /recorded as applied in the ledger \S*schema_migration_scripts\S* without running \(baseline\)/,
    );
    expect(await ledgerVersions(db())).to.eql(['1.0.0', '1.1.0']);

    const status = await app.migrationStatus();
    expect(status.map(s => [s.version, s.status])).to.eql([
      ['1.0.0', 'applied'],
      ['1.1.0', 'applied'],
      ['2.0.0', 'pending'],
      ['3.0.0', 'pending'],
    ]);

    // Only the scripts after the baseline run.
    const migrated = await migrateSchemaWithReport(app);
    expect(migrated.scripts.map(s => [s.version, s.status])).to.eql([
      ['2.0.0', 'applied'],
      ['3.0.0', 'applied'],
    ]);
    expect(await notes(db())).to.eql(['up:2.0.0', 'up:3.0.0']);

    // Recorded scripts are not recorded twice.
    expect((await app.baselineMigrations()).scripts).to.eql([]);
  });

  it("records a generated file's later parts with its version (+02, +online)", async () => {
    for (const part of ['1.1.0+02', '1.1.0+online'])
      app.migrationScript(noteScript(part, undefined, {dataSource: 'db'}));
    const report = await app.baselineMigrations({to: '1.1.0'});
    expect(report.scripts.map(s => s.version)).to.eql([
      '1.0.0',
      '1.1.0',
      '1.1.0+02',
      '1.1.0+online',
    ]);
    const migrated = await migrateSchemaWithReport(app);
    expect(migrated.scripts.map(s => s.version)).to.eql(['2.0.0', '3.0.0']);
  });

  it('records the classes of a generated file of several datasources with its version (<version>-<datasource>)', async () => {
    app.migrationScript(noteScript('1.5.0-db', undefined, {dataSource: 'db'}));
    app.migrationScript(
      noteScript('1.5.0-other', undefined, {dataSource: 'other'}),
    );
    app.migrationScript(
      noteScript('1.5.0-other+online', undefined, {dataSource: 'other'}),
    );
    const report = await app.baselineMigrations({to: '1.5.0'});
    expect(report.scripts.map(s => s.version)).to.eql([
      '1.0.0',
      '1.1.0',
      '1.5.0-db',
      '1.5.0-other',
      '1.5.0-other+online',
    ]);
    const migrated = await migrateSchemaWithReport(app);
    expect(migrated.scripts.map(s => s.version)).to.eql(['2.0.0', '3.0.0']);
  });

  it('records every script without a version, of the dataSources given', async () => {
    const report = await app.baselineMigrations({dataSources: ['other']});
    expect(report.scripts.map(s => [s.version, s.status])).to.eql([
      ['3.0.0', 'baselined'],
    ]);
    const all = await app.baselineMigrations();
    expect(all.scripts.map(s => s.version)).to.eql(['1.0.0', '1.1.0', '2.0.0']);
    expect((await migrateSchemaWithReport(app)).scripts).to.eql([]);
    expect(await notes(db())).to.eql([]);
  });

  it('refuses a version no script has, an unknown datasource, an unknown option', async () => {
    const version = await rejection(app.baselineMigrations({to: '1.1'}));
    expect(version).to.be.instanceOf(InvalidMigrationOptionsError);
    expect(version.message).to.match(
      /Cannot baseline to version "1\.1": no registered migration script has it\. Versions: 1\.0\.0, 1\.1\.0, 2\.0\.0, 3\.0\.0\./,
    );
    const dataSource = await rejection(
      app.baselineMigrations({dataSources: ['nope']}),
    );
    expect(dataSource).to.be.instanceOf(UnknownDataSourceError);
    const option = await rejection(
      app.baselineMigrations({version: '1.0.0'} as never),
    );
    expect(option.message).to.match(
      /Invalid baselineMigrations\(\) options: unknown option "version"/,
    );
    expect(await ledgerVersions(db()).catch(() => [])).to.eql([]);
  });

  it('waits for the migration lock', async function () {
    skipOnEmbedded(
      this,
      db(),
      'a session lock needs separate database sessions',
    );
    const holder = new juggler.DataSource({
      name: 'db',
      ...db().dataSourceConfig,
    });
    try {
      if (!holder.connected) await once(holder, 'connected');
      const lock = await acquireMigrationLock(holder.connector!, {});
      try {
        const error = await rejection(
          app.baselineMigrations({lockTimeoutMs: 300}),
        );
        expect(error).to.be.instanceOf(MigrationLockTimeoutError);
      } finally {
        await lock?.release();
      }
      expect(await ledgerVersions(db()).catch(() => [])).to.eql([]);
    } finally {
      await holder.disconnect();
    }
  });
});
