import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, type SchemaMigrationOptions} from '../../src';
import {DriverQueryCounter} from '../../bench/counters';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {describeEachDatabase} from '../support/databases';

/** A model read through a view of a table (as reporting models are). */
const NOTE: ModelSpec = {
  name: 'Note',
  properties: {
    id: {type: 'number', id: true, generated: true},
    title: {type: 'string'},
    body: {type: 'string'},
  },
  settings: {postgresql: {table: 'note_view'}, mysql: {table: 'note_view'}},
};

// PostgreSQL's catalog digest covered tables only: a model's view that
// lost a column kept the digest, and the fast path found it up to date
// while a full check planned the column.
describeEachDatabase(
  'fingerprint of a model that maps to a view',
  (db, kind) => {
    const counter = new DriverQueryCounter();
    before(() => counter.install());
    after(() => counter.uninstall());

    async function run(options: SchemaMigrationOptions = {}) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE]);
      try {
        counter.start();
        const report = await migrateSchemaWithReport(app, options);
        return {
          statements: report.dataSources[0].statements.map(s => s.sql),
          status: report.dataSources[0].status,
          roundTrips: counter.stop().roundTrips,
        };
      } finally {
        counter.stop();
        await closeApp(app);
      }
    }

    it('plans in full after the view changes', async () => {
      // The types the connector makes for the model's strings.
      const text = kind === 'postgresql' ? 'TEXT' : 'VARCHAR(512)';
      await db().query(
        `CREATE TABLE note_base (id INTEGER PRIMARY KEY, title ${text}, body ${text})`,
      );
      const view = (columns: string) =>
        db().query(`CREATE VIEW note_view AS SELECT ${columns} FROM note_base`);
      await view('id, title, body');
      expect((await run()).status).to.equal('up-to-date');
      expect(await run()).to.containDeep({status: 'up-to-date', roundTrips: 1});

      await db().query('DROP VIEW note_view');
      await view('id, title');
      const full = await run({dryRun: true, fullCheck: true});
      expect(full.status).to.equal('planned');
      expect(full.statements.join()).to.match(/ADD COLUMN .body/);
      const fast = await run({dryRun: true});
      expect(fast.status).to.equal('planned');
      expect(fast.statements).to.eql(full.statements);
    });
  },
);
