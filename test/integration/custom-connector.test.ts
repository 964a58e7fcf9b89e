import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  StockApp,
  TITLED_NOTE,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';

type Callback = (err?: unknown) => void;

/** The part of a SQL connector the custom one uses. */
interface SqlConnector {
  name: string;
  execute(sql: string, params: unknown[], cb: Callback): void;
  autoupdate(models: string[] | undefined, cb: Callback): void;
  automigrate(models: string[] | undefined, cb: Callback): void;
}

interface ConnectorModule {
  initialize(dataSource: {connector?: object}, cb?: Callback): void;
}

/**
 * A custom connector module, as an app writes one: the database's own
 * connector, subclassed, whose autoupdate() and automigrate() also create a
 * view after the tables.
 */
function viewConnector(kind: TestDatabase['kind']): ConnectorModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const stock = require(`loopback-connector-${kind}`) as ConnectorModule;
  return {
    initialize(dataSource, cb) {
      stock.initialize(dataSource, cb);
      const connector = dataSource.connector as SqlConnector;
      const Stock = connector.constructor as new () => SqlConnector;
      class ViewConnector extends Stock {
        override autoupdate(models: string[] | undefined, done: Callback) {
          super.autoupdate(models, err => withView(this, err, done));
        }
        override automigrate(models: string[] | undefined, done: Callback) {
          super.automigrate(models, err => withView(this, err, done));
        }
      }
      Object.setPrototypeOf(connector, ViewConnector.prototype);
    },
  };
}

function withView(connector: SqlConnector, err: unknown, done: Callback) {
  if (err) return done(err);
  const note = connector.name === 'postgresql' ? 'note' : '`Note`';
  connector.execute(
    `CREATE OR REPLACE VIEW note_titles AS SELECT title FROM ${note}`,
    [],
    e => done(e),
  );
}

async function views(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{name: string}>(
    db.kind === 'postgresql'
      ? "SELECT table_name AS name FROM information_schema.views WHERE table_schema = 'public'"
      : 'SELECT TABLE_NAME AS name FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()',
  );
  return rows.map(r => r.name);
}

function appWithViewConnector<A extends MigratingApp | StockApp>(
  AppClass: new () => A,
  db: TestDatabase,
): A {
  const app = buildApp(AppClass, {}, [TITLED_NOTE]);
  const config = {
    ...db.dataSourceConfig,
    name: 'db',
    connector: viewConnector(db.kind),
  };
  app.dataSource(new juggler.DataSource(config), 'db');
  return app;
}

describeEachDatabase(
  'a custom connector with an autoupdate() and automigrate() of its own',
  db => {
    let app: MigratingApp | StockApp | undefined;

    beforeEach(async () => {
      await db().query('DROP VIEW IF EXISTS note_titles');
      await dropAllTables(db());
    });
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
      await db().query('DROP VIEW IF EXISTS note_titles');
    });

    it('does what the stock mixin does with it', async () => {
      const stock = (app = appWithViewConnector(StockApp, db()));
      await stock.migrateSchema();
      expect(await tables(db())).to.eql(['note']);
      expect(await views(db())).to.eql(['note_titles']);
    });

    it('calls its autoupdate(): tables, then its view, and says why', async () => {
      const ours = (app = appWithViewConnector(MigratingApp, db()));
      const report = await migrateSchemaWithReport(ours);
      expect(await tables(db())).to.eql(['note']);
      expect(await views(db())).to.eql(['note_titles']);
      const [result] = report.dataSources;
      expect(result.status).to.equal('migrated');
      expect(result.warnings).to.eql([
        'its connector defines its own autoupdate() (class ViewConnector), ' +
          'which is called as LoopBack calls it: its statements are not ' +
          'planned or checked for data loss',
      ]);
      expect(result.statements.at(-1)?.sql).to.match(
        /^CREATE OR REPLACE VIEW note_titles/,
      );
    });

    it("calls its automigrate() for existingSchema: 'drop' (a test suite's setup)", async () => {
      const ours = (app = appWithViewConnector(MigratingApp, db()));
      await ours.migrateSchema({existingSchema: 'drop'});
      expect(await tables(db())).to.eql(['note']);
      expect(await views(db())).to.eql(['note_titles']);
    });

    it('calls an automigrate() set on the connector object itself', async () => {
      const ours = (app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        TITLED_NOTE,
      ]));
      const ds = await ours.get<juggler.DataSource>('datasources.db');
      const connector = ds.connector as unknown as SqlConnector;
      const stock = connector.automigrate;
      connector.automigrate = (models, done) =>
        stock.call(connector, models, err => withView(connector, err, done));
      const report = await migrateSchemaWithReport(ours, {
        existingSchema: 'drop',
      });
      expect(await views(db())).to.eql(['note_titles']);
      expect(report.dataSources[0].warnings[0]).to.startWith(
        'its connector defines its own automigrate() (the connector object itself)',
      );
    });

    it('gets only its own models from the models option; an unknown name fails before any change', async () => {
      const ours = (app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        {...TITLED_NOTE, name: 'Tag'},
        {...TITLED_NOTE, dataSource: 'views'},
      ]));
      const config = {
        ...db().dataSourceConfig,
        name: 'views',
        connector: viewConnector(db().kind),
      };
      ours.dataSource(new juggler.DataSource(config), 'views');
      await expect(
        ours.migrateSchema({models: ['Tag', 'Nope']}),
      ).to.be.rejectedWith({code: 'MIGRATION_UNKNOWN_MODEL'});
      expect(await tables(db())).to.eql([]);
      const report = await migrateSchemaWithReport(ours, {models: ['Tag']});
      expect(report.dataSources.map(d => [d.name, d.status])).to.eql([
        ['db', 'migrated'],
        ['views', 'skipped'],
      ]);
      expect(await tables(db())).to.eql(['tag']);
    });

    it('shows its statements in a dry run and executes none of them', async () => {
      const ours = (app = appWithViewConnector(MigratingApp, db()));
      const report = await ours.planSchemaMigration();
      const sql = report.dataSources[0].statements.map(s => s.sql);
      expect(sql.at(-1)).to.match(/^CREATE OR REPLACE VIEW note_titles/);
      expect(report.dataSources[0].status).to.equal('planned');
      expect(await tables(db())).to.eql([]);
      expect(await views(db())).to.eql([]);
    });
  },
);
