import {expect} from '@loopback/testlab';
import type {Entity} from '@loopback/repository';
import {migrateSchemaWithReport} from '../../src';
import {DriverQueryCounter} from '../../bench/counters';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase, type DatabaseKind} from '../support/databases';

/**
 * The connectors write into a model's definition in place as they plan or
 * create its table: the PostgreSQL connector its `settings.indexes` keys
 * in their normal form (`[['a', 'ASC'], ['b', 'DESC']]`) and `options: {}`,
 * the MySQL connector `nullable: false` on a string id. Were an app's
 * definitions left so after a run, a new process (a fresh app here), which
 * holds the declared ones, would fingerprint them otherwise, and plan in
 * full.
 */
describeEachDatabase(
  'fingerprint of definitions the connector edits',
  (db, kind) => {
    const counter = new DriverQueryCounter();

    before(() => counter.install());
    after(() => counter.uninstall());
    beforeEach(() => dropAllTables(db()));

    /** Fresh objects on every call, as a new process declares them. */
    function specs(): ModelSpec[] {
      return [
        {
          name: 'Shelf',
          properties: {
            code: {type: 'string', id: true},
            label: {type: 'string'},
          },
        },
        {
          name: 'Book',
          properties: {
            id: {type: 'number', id: true, generated: true},
            title: {type: 'string'},
            pages: {type: 'number'},
            shelfCode: {type: 'string'},
          },
          settings: {indexes: indexesFor(kind)},
        },
      ];
    }

    async function run(app: MigratingApp, options: {fullCheck?: boolean} = {}) {
      counter.start();
      try {
        const report = await migrateSchemaWithReport(app, options);
        return {
          status: report.dataSources[0].status,
          roundTrips: counter.stop().roundTrips,
        };
      } finally {
        counter.stop();
      }
    }

    /** The app's model classes' definitions, as JSON. */
    function definitionsOf(app: MigratingApp): string {
      return JSON.stringify(
        app
          .findByTag('model')
          .map(binding => app.getSync<typeof Entity>(binding.key).definition),
      );
    }

    it("leaves the app's model definitions as they were", async () => {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, specs());
      try {
        const declared = definitionsOf(app);
        expect((await run(app)).status).to.equal('migrated');
        expect(definitionsOf(app)).to.equal(declared);
        await app.migrateSchema({existingSchema: 'drop'});
        expect(definitionsOf(app)).to.equal(declared);
      } finally {
        await closeApp(app);
      }
    });

    it('takes the fast path in a new process after a run in an app that ran before, and after a full check in its own', async () => {
      const config = {db: db().dataSourceConfig};
      const first = buildApp(MigratingApp, config, specs());
      try {
        expect((await run(first)).status).to.equal('migrated');
        // Verifies what the migration left, from the models as they are
        // after a run in this app.
        expect((await run(first)).status).to.equal('up-to-date');
      } finally {
        await closeApp(first);
      }
      const next = buildApp(MigratingApp, config, specs());
      try {
        // The fast path's read, and the row learning the app's sources (a
        // second run in an app cannot vouch for them).
        expect(await run(next)).to.eql({status: 'up-to-date', roundTrips: 2});
        const full = await run(next, {fullCheck: true});
        expect(full.status).to.equal('up-to-date');
        expect(full.roundTrips).to.be.above(2);
        expect(await run(next)).to.eql({status: 'up-to-date', roundTrips: 1});
      } finally {
        await closeApp(next);
      }
    });
  },
);

/** Indexes in the full form (with `keys`), in the shapes each connector reads. */
function indexesFor(kind: DatabaseKind): Record<string, unknown> {
  const common = {
    titlePages: {keys: {title: 1, pages: -1}},
    uniqueTitle: {keys: {title: 1}, options: {unique: true}},
  };
  return kind === 'postgresql'
    ? {...common, pagesTitle: {keys: 'pages, title DESC'}}
    : common;
}
