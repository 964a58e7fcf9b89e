import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, MigrationWillFailError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/**
 * A model of a table a team partitioned by hand (`PARTITION BY RANGE`):
 * its rows live in its partitions, which no model maps to.
 */
function eventModel(
  indexes: Record<string, unknown> = {},
  extra: Pick<ModelSpec, 'properties' | 'settings'> = {properties: {}},
): ModelSpec {
  return {
    name: 'Event',
    properties: {
      id: {type: 'number', id: 1},
      happened: {type: 'date', id: 2, required: true},
      note: {type: 'string'},
      ...extra.properties,
    },
    settings: {postgresql: {table: 'event_log'}, indexes, ...extra.settings},
  };
}

const TAG: ModelSpec = {
  name: 'Tag',
  properties: {id: {type: 'number', id: true}},
};

/** Event with a foreign key to Tag. */
const TAGGED = {
  properties: {tagId: {type: 'number'}},
  settings: {
    foreignKeys: {
      fk_event_tag: {
        name: 'fk_event_tag',
        entity: 'Tag',
        entityKey: 'id',
        foreignKey: 'tagId',
      },
    },
  },
};

const BY_HAPPENED = {event_log_happened: {keys: {happened: -1}}};

describeOnDatabase('postgresql', 'partitioned tables (postgresql)', db => {
  beforeEach(async () => {
    await db().query(
      `DROP TABLE IF EXISTS event_log, tag;
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

  it('adds an index and a foreign key to a partitioned table that holds rows, online, in the forms PostgreSQL takes there', async () => {
    const first = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      TAG,
      eventModel(),
    ]);
    try {
      await migrateSchemaWithReport(first);
    } finally {
      await closeApp(first);
    }
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      TAG,
      eventModel(BY_HAPPENED, TAGGED),
    ]);
    try {
      const plan = await app.planSchemaMigration();
      const sql = plan.dataSources[0].statements.map(s => s.sql);
      expect(sql).to.containEql(
        'CREATE INDEX "event_log_happened" ON "public"."event_log" ("happened" DESC)',
      );
      expect(sql.join('\n')).to.not.match(/CONCURRENTLY|NOT VALID/);
      const report = await migrateSchemaWithReport(app);
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(report.dataSources[0].statements.map(s => s.sql)).to.eql(sql);
      const made = await db().query(
        `SELECT (SELECT count(*) FROM pg_indexes
                  WHERE indexname = 'event_log_happened')::int AS indexes,
                (SELECT count(*) FROM pg_constraint
                  WHERE conname = 'fk_event_tag' AND convalidated
                    AND conrelid = 'event_log'::regclass)::int AS keys`,
      );
      expect(made).to.eql([{indexes: 1, keys: 1}]);
      const again = await app.planSchemaMigration({fullCheck: true});
      expect(again.dataSources[0].statements).to.eql([]);
    } finally {
      await closeApp(app);
    }
  });

  it('names no partition of a modelled table as a table without a model', async () => {
    await db().query('CREATE TABLE legacy_audit (id integer)');
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      eventModel(),
    ]);
    try {
      const plan = await app.planSchemaMigration();
      expect(plan.dataSources[0].warnings).to.eql([
        'table without a model in this app: "public"."legacy_audit"; the ' +
          'migration leaves it as it is (drop what is no longer needed by ' +
          'hand or in a migration script)',
      ]);
    } finally {
      await closeApp(app);
      await db().query('DROP TABLE legacy_audit');
    }
  });

  it('refuses a unique index of a partitioned table without its partition key, naming the columns to add; makes one with them', async () => {
    const coded = (indexes: Record<string, unknown>, unique?: boolean) =>
      buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        eventModel(indexes, {
          properties: {
            code: {type: 'string', ...(unique && {index: {unique: true}})},
          },
        }),
      ]);
    const refused = coded({}, true);
    try {
      const plan = await refused.planSchemaMigration();
      expect(
        plan.dataSources[0].statements.flatMap(s => s.willFail ?? []),
      ).to.eql([
        'unique index "event_log_code_idx" of partitioned table ' +
          '"public"."event_log" lacks its partition key column "happened": ' +
          'PostgreSQL checks uniqueness in each partition only, and refuses ' +
          'it. Declare a unique index over "code" and "happened" in ' +
          'settings.indexes (keys: their properties, options: {unique: ' +
          'true}), or drop unique',
      ]);
      const error = await rejection(refused.migrateSchema());
      expect(error).to.be.instanceOf(MigrationWillFailError);
    } finally {
      await closeApp(refused);
    }
    const app = coded({
      event_log_code: {keys: {code: 1, happened: 1}, options: {unique: true}},
    });
    try {
      const report = await migrateSchemaWithReport(app);
      expect(report.dataSources[0].status).to.equal('migrated');
    } finally {
      await closeApp(app);
    }
  });
});
