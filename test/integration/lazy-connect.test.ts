import {expect} from '@loopback/testlab';
import {juggler} from '@loopback/repository';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  TITLED_NOTE,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

// A datasource with `lazyConnect: true` makes no connection of its own
// (juggler initializes it on the next tick): the run connects it, at once,
// rather than waiting for a first connection that never comes.
describeEachDatabase('a datasource with lazyConnect', db => {
  beforeEach(() => dropAllTables(db()));

  it('is connected by the run and migrated, right after it is made', async () => {
    const app = buildApp(
      MigratingApp,
      {
        db: {
          ...db().dataSourceConfig,
          lazyConnect: true,
          connectionTimeout: 20_000,
        },
      },
      [TITLED_NOTE],
    );
    try {
      const ds = await app.get<juggler.DataSource>('datasources.db');
      expect(ds.connected).to.be.false();
      const started = Date.now();
      const report = await migrateSchemaWithReport(app);
      expect(Date.now() - started).to.be.below(10_000);
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(ds.connected).to.be.true();
      expect((await tables(db())).map(t => t.toLowerCase())).to.containEql(
        'note',
      );
    } finally {
      await closeApp(app);
    }
  });
});
