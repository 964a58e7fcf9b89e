import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {migrateSchemaWithReport, runMigrationCli} from '../../src';
import {captureIo} from '../support/cli-io';
import {expect} from '@loopback/testlab';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';

const NOTE: ModelSpec = {
  name: 'Note',
  properties: {
    id: {type: 'number', id: true, generated: true},
    text: {type: 'string'},
  },
  dataSource: 'memory',
};

describe('datasources that cannot be planned (memory connector)', () => {
  let app: MigratingApp;
  beforeEach(() => {
    app = buildApp(MigratingApp, {memory: {connector: 'memory'}}, [NOTE]);
  });
  afterEach(() => closeApp(app));

  it('skips autoupdate on the memory connector and says why', async () => {
    const report = await migrateSchemaWithReport(app);
    expect(report.dataSources).to.eql([
      {
        name: 'memory',
        connector: 'memory',
        status: 'skipped',
        reason:
          "the memory connector cannot autoupdate (it can only be rebuilt: existingSchema: 'drop')",
        models: ['Note'],
        statements: [],
        warnings: [],
        durationMs: report.dataSources[0].durationMs,
      },
    ]);
  });

  it('says a memory datasource holds none of the requested models, not that it cannot autoupdate', async () => {
    await closeApp(app);
    const customer: ModelSpec = {...NOTE, name: 'Customer', dataSource: 'crm'};
    app = buildApp(
      MigratingApp,
      {memory: {connector: 'memory'}, crm: {connector: 'memory'}},
      [NOTE, customer],
    );
    const report = await migrateSchemaWithReport(app, {models: ['Customer']});
    const memory = report.dataSources.find(d => d.name === 'memory');
    expect(memory).to.containDeep({
      status: 'skipped',
      reason: 'none of the requested models is attached to it',
      models: [],
    });
    const cli = captureIo();
    await runMigrationCli(() => app, ['--models', 'Customer'], cli);
    expect(cli.out()).to.match(
      /^ {2}memory \(memory\): skipped, 0 statements, \d+ ms: none of the requested models is attached to it$/m,
    );
  });

  it('rebuilds the memory connector the way LoopBack does (its data is cleared)', async () => {
    const repo = await app.get<{
      create(d: object): Promise<unknown>;
      count(): Promise<{count: number}>;
    }>('repositories.NoteRepository');
    await repo.create({text: 'hello'});
    const report = await migrateSchemaWithReport(app, {existingSchema: 'drop'});
    expect(report.dataSources[0]).to.containDeep({
      status: 'migrated',
      models: ['Note'],
    });
    expect(report.dataSources[0].warnings[0]).to.match(/cannot be planned/);
    expect(await repo.count()).to.eql({count: 0});
  });

  it('says on the command line that a rebuild of it is not planned, never that it is up to date', async () => {
    const plan = captureIo();
    expect(
      await runMigrationCli(() => app, ['--dry-run', '--rebuild'], plan),
    ).to.equal(0);
    expect(plan.out()).to.match(
      /^ {2}memory \(memory\): not planned, 0 statements/m,
    );
    expect(plan.out()).to.match(
      /^-- datasource memory \(memory\): not planned: what it runs cannot be shown$/m,
    );
    const check = captureIo();
    // Exit 3: a rebuild would clear it (QA: it exited 0, as up to date).
    expect(
      await runMigrationCli(() => app, ['--check', '--rebuild'], check),
    ).to.equal(3);
    expect(check.out()).to.match(
      /^Schema check \(rebuild\): not planned: memory \(migrated as LoopBack does, with no plan\)$/m,
    );
    for (const out of [plan.out(), check.out()]) {
      expect(out).to.not.match(/up-to-date|up to date/);
    }
  });

  it('rebuilds with --accept-data-loss too (a rebuild destroys data by definition)', async () => {
    const io = captureIo();
    expect(
      await runMigrationCli(() => app, ['--rebuild', '--accept-data-loss'], io),
    ).to.equal(0);
    expect(io.out()).to.match(/^ {2}memory \(memory\): migrated, /m);
    const report = await migrateSchemaWithReport(app, {
      existingSchema: 'drop',
      acceptDataLoss: true,
    });
    expect(report.dataSources[0].status).to.equal('migrated');
  });

  it('says that a rebuild of a memory datasource kept in a file leaves the file to the next write', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lsm-memory-'));
    const file = path.join(dir, 'db.json');
    const filed = buildApp(
      MigratingApp,
      {memory: {connector: 'memory', file}},
      [NOTE],
    );
    try {
      const repo = await filed.get<{create(d: object): Promise<unknown>}>(
        'repositories.NoteRepository',
      );
      await repo.create({text: 'kept'});
      const io = captureIo();
      expect(await runMigrationCli(() => filed, ['--rebuild'], io)).to.equal(0);
      expect(io.out()).to.containEql(
        `warning: the memory connector's statements cannot be planned; it runs automigrate as LoopBack does: it empties the models' collections in this process only, so its file ${file} keeps their rows until this process next writes to the datasource (as with stock); to empty the file now, delete it`,
      );
      // As stock leaves it: juggler's automigrate wrote nothing.
      expect(readFileSync(file, 'utf8')).to.match(/kept/);
      // An update says nothing of the file: it is skipped.
      const update = await migrateSchemaWithReport(filed);
      expect(update.dataSources[0].status).to.equal('skipped');
    } finally {
      await closeApp(filed);
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('lists a datasource binding that is not a juggler DataSource as skipped', async () => {
    app.bind('datasources.fake').to({name: 'fake'}).tag('datasource');
    const report = await migrateSchemaWithReport(app);
    const fake = report.dataSources.find(d => d.name === 'fake');
    expect(fake).to.containDeep({status: 'skipped', connector: 'unknown'});
    expect(fake!.reason).to.equal(
      'binding "datasources.fake" has no autoupdate() (an instance of Object); LoopBack skips it too',
    );
  });
});
