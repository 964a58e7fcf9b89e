import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {once} from 'node:events';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  TITLED_NOTE,
  StockApp,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';

/** Creates a view after the tables: an autoupdate() of its own. */
class ViewDataSource extends juggler.DataSource {
  override async autoupdate(models?: string[]): Promise<void> {
    await super.autoupdate(models);
    const note = this.connector?.name === 'postgresql' ? 'note' : '`Note`';
    await this.execute(
      `CREATE OR REPLACE VIEW note_titles AS SELECT title FROM ${note}`,
    );
  }
}

async function views(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{name: string}>(
    db.kind === 'postgresql'
      ? "SELECT table_name AS name FROM information_schema.views WHERE table_schema = 'public'"
      : 'SELECT TABLE_NAME AS name FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()',
  );
  return rows.map(r => r.name);
}

function appWithViews<A extends MigratingApp | StockApp>(
  AppClass: new () => A,
  db: TestDatabase,
): A {
  const app = buildApp(AppClass, {}, [TITLED_NOTE]);
  app.dataSource(
    new ViewDataSource({name: 'db', ...db.dataSourceConfig}),
    'db',
  );
  return app;
}

describeEachDatabase('a datasource with an autoupdate() of its own', db => {
  let app: MigratingApp | StockApp | undefined;

  beforeEach(async () => {
    await db().query('DROP VIEW IF EXISTS note_titles');
    await dropAllTables(db());
  });
  afterEach(async () => {
    if (app) await closeApp(app);
    app = undefined;
  });

  it('is called as LoopBack calls it: tables, then its view', async () => {
    const ours = (app = appWithViews(MigratingApp, db()));
    const report = await migrateSchemaWithReport(ours);
    expect(await tables(db())).to.eql(['note']);
    expect(await views(db())).to.eql(['note_titles']);
    const [result] = report.dataSources;
    expect(result.status).to.equal('migrated');
    expect(result.warnings).to.eql([
      'it defines its own autoupdate(), which is called as LoopBack calls it',
    ]);
    expect(result.statements.map(s => s.sql.split(' (')[0])).to.containDeep([
      db().kind === 'postgresql'
        ? 'CREATE TABLE "public"."note"'
        : 'CREATE TABLE `Note`',
    ]);
    expect(result.statements.at(-1)?.sql).to.match(
      /^CREATE OR REPLACE VIEW note_titles/,
    );
  });

  it('does what the stock mixin does with it', async () => {
    const stock = (app = appWithViews(StockApp, db()));
    // Juggler re-invokes an overriding autoupdate() without its promise when
    // called before the connection is up, and the stock call never settles.
    const ds = await stock.get<juggler.DataSource>('datasources.db');
    if (!ds.connected) await once(ds, 'connected');
    await stock.migrateSchema();
    expect(await tables(db())).to.eql(['note']);
    expect(await views(db())).to.eql(['note_titles']);
  });

  it('shows its statements in a dry run and executes none of them', async () => {
    const ours = (app = appWithViews(MigratingApp, db()));
    const report = await ours.planSchemaMigration();
    const sql = report.dataSources[0].statements.map(s => s.sql);
    expect(sql.some(s => /^CREATE TABLE/.test(s))).to.be.true();
    expect(sql.at(-1)).to.match(/^CREATE OR REPLACE VIEW note_titles/);
    expect(report.dataSources[0].status).to.equal('planned');
    expect(await tables(db())).to.eql([]);
    expect(await views(db())).to.eql([]);
  });
});

describe('datasources LoopBack calls that cannot be planned', () => {
  it('calls a datasource object that is not juggler’s, with the models as given', async () => {
    const calls: unknown[] = [];
    const app = new MigratingApp();
    app
      .bind('datasources.custom')
      .to({
        name: 'custom',
        settings: {},
        autoupdate: async (models?: string[]) => {
          calls.push(models);
        },
      })
      .tag('datasource');
    const plan = await app.planSchemaMigration({models: ['Anything']});
    expect(calls).to.eql([]);
    expect(plan.dataSources[0].warnings[1]).to.match(
      /a dry run does not call it/,
    );
    const report = await migrateSchemaWithReport(app, {models: ['Anything']});
    expect(calls).to.eql([['Anything']]);
    expect(report.dataSources[0]).to.containDeep({
      name: 'custom',
      status: 'migrated',
      models: ['Anything'],
    });
  });

  it('calls autoupdate() of a connector that keeps no model registry', async () => {
    const calls: unknown[] = [];
    const connector = {
      initialize(ds: {connector?: object}, done: () => void) {
        ds.connector = {
          name: 'keyvalue',
          connect: (cb: () => void) => cb(),
          autoupdate(models: unknown, cb: () => void) {
            calls.push(models);
            cb();
          },
        };
        done();
      },
    };
    const app = new MigratingApp();
    app.dataSource(new juggler.DataSource({name: 'kv', connector}), 'kv');
    const report = await migrateSchemaWithReport(app);
    expect(calls).to.eql([undefined]);
    expect(report.dataSources[0]).to.containDeep({
      name: 'kv',
      connector: 'keyvalue',
      status: 'migrated',
    });
    expect(report.dataSources[0].warnings[0]).to.match(
      /its connector keeps no model registry/,
    );
  });
});
