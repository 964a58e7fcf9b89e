import {inject} from '@loopback/core';
import {
  defineModelClass,
  DefaultCrudRepository,
  Entity,
  juggler,
  ModelDefinition,
  type PropertyDefinition,
} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, type SchemaMigrationReport} from '../../src';
import {closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

/** How many repositories LoopBack made (resolved) since the last reset. */
let constructed = 0;

function modelClass(
  name: string,
  properties: Record<string, PropertyDefinition>,
) {
  return defineModelClass<typeof Entity, object>(
    Entity,
    new ModelDefinition({name, properties, settings: {}}),
  );
}

/**
 * An app as `lb4` makes one with a second datasource from `lb4 datasource`
 * (the memory connector, e.g. for sessions) and `lb4 repository` on each:
 * Note on the SQL datasource `db`, Session on the memory datasource `cache`.
 */
function buildApp(dataSourceConfig: Record<string, unknown>): MigratingApp {
  const app = new MigratingApp();
  app.dataSource(
    new juggler.DataSource({name: 'db', ...dataSourceConfig}),
    'db',
  );
  app.dataSource(
    new juggler.DataSource({name: 'cache', connector: 'memory'}),
    'cache',
  );
  const Note = modelClass('Note', {
    id: {type: 'number', id: true, generated: true},
    title: {type: 'string'},
  });
  const Session = modelClass('Session', {
    id: {type: 'string', id: true},
    userId: {type: 'number'},
  });
  app.model(Note);
  app.model(Session);
  class NoteRepository extends DefaultCrudRepository<Entity, number> {
    constructor(@inject('datasources.db') dataSource: juggler.DataSource) {
      super(Note, dataSource);
      constructed++;
    }
  }
  class SessionRepository extends DefaultCrudRepository<Entity, string> {
    constructor(@inject('datasources.cache') dataSource: juggler.DataSource) {
      super(Session, dataSource);
      constructed++;
    }
  }
  app.repository(NoteRepository);
  app.repository(SessionRepository);
  return app;
}

/** A start of a fresh app, as a new process makes one. */
async function start(
  dataSourceConfig: Record<string, unknown>,
): Promise<{report: SchemaMigrationReport; resolved: number}> {
  const app = buildApp(dataSourceConfig);
  try {
    constructed = 0;
    const report = await migrateSchemaWithReport(app);
    return {report, resolved: constructed};
  } finally {
    await closeApp(app);
  }
}

describeEachDatabase(
  'an app with a memory datasource that has a repository',
  db => {
    beforeEach(() => dropAllTables(db()));

    it('is answered from its sources once verified, the memory datasource skipped as before', async () => {
      const config = db().dataSourceConfig;
      const statuses = (report: SchemaMigrationReport) =>
        report.dataSources.map(d => `${d.name}: ${d.status}`);
      const first = await start(config);
      expect(statuses(first.report)).to.eql(['db: migrated', 'cache: skipped']);
      const verified = await start(config);
      expect(statuses(verified.report)).to.eql([
        'db: up-to-date',
        'cache: skipped',
      ]);
      expect(verified.resolved).to.equal(2);
      // The third start is answered without making any repository.
      const answered = await start(config);
      expect(answered.resolved).to.equal(0);
      expect(answered.report.dataSources).to.containDeep([
        {name: 'db', status: 'up-to-date', models: ['Note']},
        {
          name: 'cache',
          status: 'skipped',
          reason:
            "the memory connector cannot autoupdate (it can only be rebuilt: existingSchema: 'drop')",
        },
      ]);
      // Its models are not known without the repositories: none is listed.
      expect(answered.report.dataSources[1].models).to.eql([]);
    });
  },
);
