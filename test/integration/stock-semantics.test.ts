import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {
  InvalidMigrationOptionsError,
  migrateSchemaWithReport,
  runMigrationCli,
  type SchemaMigrationOptions,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  TITLED_NOTE,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase} from '../support/databases';
import {noteScript} from '../support/scripts';

describeEachDatabase('settings and options read as LoopBack reads them', db => {
  let app: MigratingApp;
  beforeEach(() => dropAllTables(db()));
  afterEach(() => closeApp(app));

  for (const flag of ['true', 1, 'false'] as const) {
    it(`skips a datasource with disableMigration: ${JSON.stringify(flag)}, even for a rebuild`, async () => {
      app = buildApp(
        MigratingApp,
        {db: {...db().dataSourceConfig, disableMigration: flag}},
        [TITLED_NOTE],
      );
      const log: string[] = [];
      app.migrationScript(noteScript('1.0.0', log, {dataSource: 'db'}));
      const report = await migrateSchemaWithReport(app, {
        existingSchema: 'drop',
      });
      expect(report.dataSources[0]).to.containDeep({
        status: 'skipped',
        reason: `its settings have disableMigration: ${JSON.stringify(flag)}`,
      });
      expect(report.scripts).to.containDeep([
        {
          status: 'skipped',
          reason: `datasource "db" has disableMigration: ${JSON.stringify(flag)}`,
        },
      ]);
      expect(log).to.eql([]);
      expect(await tables(db())).to.eql([]);
    });
  }

  it('passes option keys of the app’s own through, with a warning', async () => {
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [TITLED_NOTE]);
    const options: SchemaMigrationOptions = {
      seed: true,
      dropExistingSchema: true,
    };
    const report = await migrateSchemaWithReport(app, options);
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(report.warnings).to.eql([
      'options "seed", "dropExistingSchema" are not read by ' +
        'loopback-schema-migration (passed through, as LoopBack passes ' +
        'them to an overriding migrateSchema())',
    ]);
  });

  it('refuses a misspelt option before anything changes', async () => {
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [TITLED_NOTE]);
    await expect(app.migrateSchema({acceptDataloss: true})).to.be.rejectedWith(
      InvalidMigrationOptionsError,
    );
    expect(await tables(db())).to.eql([]);
  });
});

describe('connector names', () => {
  it('names a connector given as a module by its short name (rest)', async () => {
    const app = new MigratingApp();
    app.dataSource(
      new juggler.DataSource({
        name: 'geocoder',
        // The geocoder of LoopBack's todo example passes the module itself.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        connector: require('loopback-connector-rest'),
        operations: [],
      }),
      'geocoder',
    );
    const report = await migrateSchemaWithReport(app);
    expect(report.dataSources).to.containDeep([
      {
        name: 'geocoder',
        connector: 'rest',
        status: 'skipped',
        reason: 'the rest connector cannot autoupdate',
      },
    ]);
    const io = captureIo();
    expect(await runMigrationCli(() => app, [], io)).to.equal(0);
    expect(io.out()).to.match(/geocoder \(rest\): skipped/);
    expect(io.out().length + io.err().length).to.be.below(300);
  });
});
