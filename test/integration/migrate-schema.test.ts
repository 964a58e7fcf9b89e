import {expect} from '@loopback/testlab';
import {
  InvalidMigrationOptionsError,
  migrateSchemaWithReport,
  UnknownDataSourceError,
  UnknownModelError,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

const AUTHOR: ModelSpec = {
  name: 'Author',
  properties: {
    id: {type: 'number', id: true, generated: true},
    name: {type: 'string', required: true},
  },
};
const BOOK: ModelSpec = {
  name: 'Book',
  properties: {
    id: {type: 'number', id: true, generated: true},
    title: {type: 'string'},
  },
};

describeEachDatabase('migrateSchema()', db => {
  let app: MigratingApp;

  beforeEach(async () => {
    await dropAllTables(db());
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [AUTHOR, BOOK]);
  });
  afterEach(() => closeApp(app));

  it('runs autoupdate by default and keeps the rows', async () => {
    await migrateSchemaWithReport(app);
    await insertAuthor('Ann');
    const withEmail: ModelSpec = {
      ...AUTHOR,
      properties: {...AUTHOR.properties, email: {type: 'string'}},
    };
    await closeApp(app);
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      withEmail,
      BOOK,
    ]);

    const report = await migrateSchemaWithReport(app);

    expect(report.operation).to.equal('autoupdate');
    expect(report.dataSources[0].status).to.equal('migrated');
    expect((await columns(db(), 'author')).map(c => c.column)).to.containEql(
      'email',
    );
    expect(await authorNames()).to.eql(['Ann']);
  });

  it("runs automigrate for existingSchema: 'drop', and for rebuild: true", async () => {
    await migrateSchemaWithReport(app);
    for (const options of [
      {existingSchema: 'drop' as const},
      {rebuild: true},
    ]) {
      await insertAuthor('Ann');
      const report = await migrateSchemaWithReport(app, options);
      expect(report.operation).to.equal('automigrate');
      expect(await authorNames()).to.eql([]);
    }
  });

  it("rejects rebuild: true with existingSchema: 'alter' before any change", async () => {
    const error = await rejection(
      app.migrateSchema({rebuild: true, existingSchema: 'alter'}),
    );
    expect(error).to.be.instanceOf(InvalidMigrationOptionsError);
    expect(error).to.have.property('code', 'MIGRATION_INVALID_OPTIONS');
    expect(await tables(db())).to.eql([]);
  });

  it('migrates only the listed models', async () => {
    const report = await migrateSchemaWithReport(app, {models: ['Book']});
    expect(report.dataSources[0].models).to.eql(['Book']);
    expect(await tables(db())).to.eql(['book']);
  });

  it('rejects an unknown model name before any change, naming what exists', async () => {
    const error = await rejection(
      app.migrateSchema({models: ['Book', 'author']}),
    );
    expect(error).to.be.instanceOf(UnknownModelError);
    expect(error).to.have.property('code', 'MIGRATION_UNKNOWN_MODEL');
    expect(error).to.have.property('models', ['author']);
    expect(error.message).to.match(/"author".*did you mean "Author"/);
    expect(await tables(db())).to.eql([]);
  });

  it('rejects an unknown datasource name before any change', async () => {
    const error = await rejection(
      app.migrateSchema({dataSources: ['datasources.db']}),
    );
    expect(error).to.be.instanceOf(UnknownDataSourceError);
    expect(error).to.have.property('code', 'MIGRATION_UNKNOWN_DATASOURCE');
    expect(error.message).to.match(/did you mean "db"/);
    expect(await tables(db())).to.eql([]);
  });

  it('says that dataSources: [] migrates nothing', async () => {
    const report = await migrateSchemaWithReport(app, {dataSources: []});
    expect(report.dataSources).to.eql([]);
    expect(report.warnings).to.containEql(
      'dataSources: [] selects no datasource: no schema was synced and no ' +
        'migration script ran (leave the option out to migrate every datasource)',
    );
    expect(await tables(db())).to.eql([]);
  });

  it('says that models: [] syncs no schema', async () => {
    const report = await migrateSchemaWithReport(app, {models: []});
    expect(report.dataSources.map(d => d.status)).to.eql(['skipped']);
    expect(report.warnings).to.containEql(
      'models: [] selects no model: no schema was synced (leave the option out ' +
        'to migrate every model; migration scripts are not filtered by models)',
    );
    expect(await tables(db())).to.eql([]);
  });

  it('reports status, models, statements and duration per datasource', async () => {
    const report = await migrateSchemaWithReport(app, {dataSources: ['db']});
    expect(report.dryRun).to.be.false();
    const [result] = report.dataSources;
    expect(result.name).to.equal('db');
    expect(result.connector).to.equal(db().kind);
    expect(result.status).to.equal('migrated');
    expect(result.models).to.eql(['Author', 'Book']);
    expect(result.durationMs).to.be.a.Number();
    expect(result.durationMs).to.be.aboveOrEqual(0);
    const creates = result.statements.filter(s => /^CREATE TABLE/i.test(s.sql));
    expect(creates.map(s => s.model)).to.eql(['Author', 'Book']);
    expect(result.statements.every(s => s.destructive === false)).to.be.true();
  });

  it('plans without changing anything (planSchemaMigration and dryRun)', async () => {
    const plan = await app.planSchemaMigration();
    const dry = await migrateSchemaWithReport(app, {dryRun: true});
    expect(plan.dryRun).to.be.true();
    expect(plan.dataSources[0].status).to.equal('planned');
    expect(dry.dataSources[0].statements).to.eql(
      plan.dataSources[0].statements,
    );
    expect(await tables(db())).to.eql([]);

    const applied = await migrateSchemaWithReport(app);
    expect(applied.dataSources[0].statements).to.eql(
      plan.dataSources[0].statements,
    );
    const again = await app.planSchemaMigration();
    expect(again.dataSources[0]).to.containDeep({
      status: 'up-to-date',
      statements: [],
    });
  });

  it('skips a datasource whose settings say disableMigration, and says so', async () => {
    await closeApp(app);
    app = buildApp(
      MigratingApp,
      {db: {...db().dataSourceConfig, disableMigration: true}},
      [AUTHOR],
    );
    const report = await migrateSchemaWithReport(app);
    expect(report.dataSources[0]).to.containDeep({
      status: 'skipped',
      reason: 'its settings have disableMigration: true',
    });
    expect(await tables(db())).to.eql([]);
  });

  async function insertAuthor(name: string): Promise<void> {
    const table = db().kind === 'postgresql' ? 'author' : '`Author`';
    await db().query(`INSERT INTO ${table} (name) VALUES ('${name}')`);
  }

  async function authorNames(): Promise<string[]> {
    const table = db().kind === 'postgresql' ? 'author' : '`Author`';
    const rows = await db().query<{name: string}>(`SELECT name FROM ${table}`);
    return rows.map(r => r.name);
  }
});
