import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {describeOnDatabase} from '../support/databases';

/**
 * A model of a table a team partitioned by hand (`PARTITION BY RANGE`):
 * its rows live in its partitions, which no model maps to.
 */
function eventModel(indexes: Record<string, unknown> = {}): ModelSpec {
  return {
    name: 'Event',
    properties: {
      id: {type: 'number', id: 1},
      happened: {type: 'date', id: 2, required: true},
      note: {type: 'string'},
    },
    settings: {postgresql: {table: 'event_log'}, indexes},
  };
}

const BY_HAPPENED = {event_log_happened: {keys: {happened: -1}}};

describeOnDatabase('postgresql', 'partitioned tables (postgresql)', db => {
  beforeEach(async () => {
    await db().query(
      `DROP TABLE IF EXISTS event_log;
       CREATE TABLE event_log (id integer, happened date NOT NULL, note text,
                               PRIMARY KEY (id, happened))
         PARTITION BY RANGE (happened);
       CREATE TABLE event_log_2026 PARTITION OF event_log
         FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
       INSERT INTO event_log VALUES (1, '2026-03-01', 'kept');`,
    );
  });

  it('finds the index it made on a partitioned table: the next plan has nothing to do', async () => {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      eventModel(BY_HAPPENED),
    ]);
    try {
      await migrateSchemaWithReport(app, {online: false});
      const again = await app.planSchemaMigration({fullCheck: true});
      expect(again.dataSources[0].statements).to.eql([]);
      expect(again.dataSources[0].status).to.equal('up-to-date');
    } finally {
      await closeApp(app);
    }
  });
});
