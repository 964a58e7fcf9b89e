import {expect} from '@loopback/testlab';
import {
  migrateSchemaWithReport,
  type SchemaMigrationOptions,
  type SchemaMigrationReport,
} from '../../src';
import type {JugglerConnector} from '../../src/juggler';
import {SCHEMA_STATE_TABLE} from '../../src/runner/schema-state-driver';
import type {juggler} from '@loopback/repository';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

/** A Note with an index of its own. */
const NOTE: ModelSpec = {
  name: 'Note',
  properties: {
    id: {type: 'number', id: true, generated: true},
    priority: {type: 'number', index: true},
  },
};

/**
 * A full check records the catalog digest it verified: a change made by
 * hand after its plan read the catalog, before it recorded the fingerprint,
 * must not be recorded as verified (the next start would answer up to date
 * from the fast path while a full plan finds the change).
 */
describeEachDatabase('fingerprint after a full check', (db, kind) => {
  beforeEach(() => dropAllTables(db()));

  async function run(
    options: SchemaMigrationOptions = {},
    beforeRecord?: () => Promise<unknown>,
  ): Promise<SchemaMigrationReport> {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE]);
    if (beforeRecord) {
      const ds = app.getSync<juggler.DataSource>('datasources.db');
      const connector = ds.connector as JugglerConnector;
      const execute = connector.execute!;
      let done = false;
      connector.execute = (sql, params, callback) => {
        const writes =
          /\bINSERT INTO\b/i.test(sql) && sql.includes(SCHEMA_STATE_TABLE);
        if (!writes || done)
          return execute.call(connector, sql, params, callback);
        done = true;
        beforeRecord().then(
          () => execute.call(connector, sql, params, callback),
          (err: Error) => callback(err),
        );
      };
    }
    try {
      return await migrateSchemaWithReport(app, options);
    } finally {
      await closeApp(app);
    }
  }

  const dropIndex =
    kind === 'postgresql'
      ? 'DROP INDEX note_priority_idx'
      : 'DROP INDEX priority ON `Note`';

  it('does not record as verified a catalog changed after its plan read it', async () => {
    // Recorded unverified: the full check that follows writes its row.
    expect((await run()).dataSources[0].status).to.equal('migrated');
    const full = await run({fullCheck: true}, () => db().query(dropIndex));
    expect(full.dataSources[0].status).to.equal('up-to-date');
    const check = await run({fullCheck: true, dryRun: true});
    expect(check.dataSources[0].status).to.equal('planned');
    const next = await run({dryRun: true});
    expect(next.dataSources[0].status).to.equal('planned');
  });

  it('does not record as verified a catalog changed while the first run without a state table planned', async () => {
    expect((await run()).dataSources[0].status).to.equal('migrated');
    // A schema made without this package's state table (by stock, or by
    // hand): the run reads the digest alone before it plans.
    await db().query(`DROP TABLE ${SCHEMA_STATE_TABLE}`);
    const first = await run({}, () => db().query(dropIndex));
    expect(first.dataSources[0].status).to.equal('up-to-date');
    const next = await run({dryRun: true});
    expect(next.dataSources[0].status).to.equal('planned');
  });
});
