import type {SchemaMigrationOptions} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';
import {migrateSchemaWithReport, runMigrationCli} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  TITLED_NOTE,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {noteTable} from '../support/scripts';
import {describeEachDatabase, type TestDatabase} from '../support/databases';

/**
 * LoopBack's documented "additional migration steps": seed after
 * `super.migrateSchema()`, returning nothing.
 */
class SeedingApp extends MigratingApp {
  seeded = 0;

  override async migrateSchema(options?: SchemaMigrationOptions) {
    await super.migrateSchema(options);
    const repo = await this.get<{create(data: object): Promise<unknown>}>(
      'repositories.NoteRepository',
    );
    await repo.create({title: 'seeded'});
    this.seeded++;
  }
}

async function noteTitles(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{title: string}>(
    `SELECT title FROM ${noteTable(db.kind)}`,
  );
  return rows.map(r => r.title);
}

/** Compile a tsconfig of the documented-override fixture; its errors. */
async function compile(tsconfig: string) {
  const config = path.resolve(
    __dirname,
    '../../../test/fixtures/documented-override',
    tsconfig,
  );
  const tsc = require.resolve('typescript/bin/tsc');
  return promisify(execFile)(process.execPath, [tsc, '-p', config])
    .then(() => ({ok: true, output: ''}))
    .catch((err: {stdout?: string}) => ({ok: false, output: err.stdout}));
}

describe('LoopBack’s documented migrateSchema() override', () => {
  it('compiles unchanged under the lb4 compiler settings', async function () {
    this.timeout(120000);
    expect(await compile('tsconfig.json')).to.eql({ok: true, output: ''});
  });

  it("compiles beside the contract's migration script, runs = 'before-schema' without `as const`", async function () {
    this.timeout(120000);
    expect(await compile('tsconfig.script.json')).to.eql({
      ok: true,
      output: '',
    });
  });

  it("takes this package's SchemaMigrationOptions (models: string[], as API.md types it)", async function () {
    this.timeout(120000);
    expect(await compile('tsconfig.options.json')).to.eql({
      ok: true,
      output: '',
    });
  });
});

describeEachDatabase('an app overriding migrateSchema() to seed', db => {
  let app: SeedingApp;

  beforeEach(async () => {
    await dropAllTables(db());
    app = buildApp(SeedingApp, {db: db().dataSourceConfig}, [TITLED_NOTE]);
  });
  afterEach(() => closeApp(app));

  it('plans without running the override: nothing is seeded or created', async () => {
    const report = await app.planSchemaMigration();
    expect(report.dryRun).to.be.true();
    expect(report.dataSources[0].status).to.equal('planned');
    expect(report.dataSources[0].statements.length).to.be.above(0);
    expect(app.seeded).to.equal(0);
    expect(await tables(db())).to.eql([]);
  });

  it('runs the override once on a real run, and the report is still there', async () => {
    const report = await migrateSchemaWithReport(app);
    expect(app.seeded).to.equal(1);
    expect(await noteTitles(db())).to.eql(['seeded']);
    expect(report.dryRun).to.be.false();
    expect(report.dataSources.map(d => [d.name, d.status])).to.eql([
      ['db', 'migrated'],
    ]);
  });

  it('--dry-run and --check print the full plan and seed nothing', async () => {
    for (const flag of ['--dry-run', '--check']) {
      const io = captureIo();
      const code = await runMigrationCli(() => app, [flag], io);
      expect(code).to.equal(flag === '--check' ? 3 : 0);
      expect(io.out() + io.err()).to.match(
        /db \(\w+\): changes pending, \d+ statements?,/,
      );
      expect(io.out() + io.err()).not.to.match(/Cannot read properties/);
    }
    const json = captureIo();
    expect(
      await runMigrationCli(() => app, ['--dry-run', '--json'], json),
    ).to.equal(0);
    expect(JSON.parse(json.out()).dataSources[0].status).to.equal('planned');
    expect(app.seeded).to.equal(0);
    expect(await tables(db())).to.eql([]);
  });

  it('a real CLI run seeds once and prints the report the override did not return', async () => {
    const io = captureIo();
    expect(await runMigrationCli(() => app, [], io)).to.equal(0);
    expect(io.out() + io.err()).to.match(
      /Schema migration \(update\)\n {2}db \(\w+\): migrated/,
    );
    expect(app.seeded).to.equal(1);
    expect(await noteTitles(db())).to.eql(['seeded']);
  });
});

describe('an override that never calls super.migrateSchema()', () => {
  class ReplacingApp extends MigratingApp {
    override async migrateSchema() {}
  }

  it('gives an empty report that says nothing was migrated', async () => {
    const report = await migrateSchemaWithReport(new ReplacingApp(), {
      existingSchema: 'drop',
    });
    expect(report).to.eql({
      operation: 'automigrate',
      dryRun: false,
      dataSources: [],
      scripts: [],
      warnings: [
        "the app's migrateSchema() did not call super.migrateSchema(): " +
          'loopback-schema-migration migrated nothing',
      ],
    });
  });
});
