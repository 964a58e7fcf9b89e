import {expect} from '@loopback/testlab';
import {
  migrateSchemaWithReport,
  type SchemaMigrationOptions,
  type SchemaMigrationReport,
} from '../../src';
import {DriverQueryCounter} from '../../bench/counters';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {
  manualChanges,
  models,
  names,
  type Variation,
} from '../support/fingerprint-models';
import {dropAllTables} from '../support/catalog';
import {Client} from 'pg';
import {
  describeEachDatabase,
  serverSettings,
  skipOnEmbedded,
} from '../support/databases';
import {rejection} from '../support/rejection';
import {defineScript} from '../support/scripts';
import {dialectFor} from '../../src/dialects';
import type {JugglerConnector} from '../../src/juggler';
import type {SchemaStateScope} from '../../src/runner/schema-state-driver';
import type {juggler} from '@loopback/repository';

/** A run of a fresh app (as a new process would make) and its round trips. */
interface Run {
  readonly report: SchemaMigrationReport;
  readonly roundTrips: number;
}

describeEachDatabase('fingerprint fast path', (db, kind) => {
  const counter = new DriverQueryCounter();

  before(() => counter.install());
  after(() => counter.uninstall());
  beforeEach(() => dropAllTables(db()));

  async function run(
    options: SchemaMigrationOptions = {},
    change: Variation = {},
    setUp: (app: MigratingApp) => void = () => {},
  ): Promise<Run> {
    const app = buildApp(
      MigratingApp,
      {db: db().dataSourceConfig},
      models(change),
    );
    setUp(app);
    try {
      counter.start();
      const report = await migrateSchemaWithReport(app, options);
      return {report, roundTrips: counter.stop().roundTrips};
    } finally {
      counter.stop();
      await closeApp(app);
    }
  }

  /** The catalog digests recorded. */
  async function recordedDigests(): Promise<string[]> {
    const rows = await db().query<{digest: string}>(
      'SELECT catalog_digest AS digest FROM schema_migration_state',
    );
    return rows.map(r => r.digest);
  }

  /**
   * Migrate, then check that the next run verifies what it left in full,
   * and the one after takes the fast path.
   */
  async function migrated(): Promise<void> {
    expect((await run()).report.dataSources[0].status).to.equal('migrated');
    // Recorded unverified: no catalog has this digest.
    expect(await recordedDigests()).to.eql(['']);
    const verifying = await run();
    expect(verifying.report.dataSources[0].status).to.equal('up-to-date');
    expectFullCheck(verifying);
    expect((await recordedDigests())[0]).to.not.be.empty();
    const third = await run();
    expect(third.report.dataSources[0].status).to.equal('up-to-date');
    expect(third.roundTrips).to.equal(1);
  }

  /** A run that planned in full (no fast path). */
  function expectFullCheck({report, roundTrips}: Run): void {
    expect(report.dataSources[0].status).to.not.equal('failed');
    expect(roundTrips).to.be.above(2);
  }

  it('reports an unchanged schema up to date in one round trip, without planning', async () => {
    const first = await run();
    expect(first.report.dataSources[0].status).to.equal('migrated');
    // The first check after the migration plans in full and is up to date:
    // it verifies what the migration left.
    const second = await run();
    expect(second.report.dataSources[0]).to.containDeep({
      status: 'up-to-date',
      statements: [],
      models: ['Category', 'Note'],
    });
    expectFullCheck(second);
    for (let again = 0; again < 2; again++) {
      const next = await run();
      expect(next.report.dataSources[0]).to.containDeep({
        status: 'up-to-date',
        statements: [],
        models: ['Category', 'Note'],
      });
      expect(next.roundTrips).to.equal(1);
    }
  });

  it('takes the fast path in a dry run too, and a dry run records nothing', async () => {
    const dry = await run({dryRun: true});
    expect(dry.report.dataSources[0].status).to.equal('planned');
    // Nothing was recorded: the real run plans in full, and so does the
    // one after it, which verifies what it left.
    expectFullCheck(await run());
    expectFullCheck(await run());
    const again = await run({dryRun: true});
    expect(again.report.dataSources[0].status).to.equal('up-to-date');
    expect(again.roundTrips).to.equal(1);
  });

  it('plans every model with fullCheck: true', async () => {
    await migrated();
    const full = await run({fullCheck: true});
    expect(full.report.dataSources[0].status).to.equal('up-to-date');
    expectFullCheck(full);
  });

  it('leaves the row as it is after a full check that found what it records', async () => {
    await migrated();
    const recorded = () => db().query('SELECT * FROM schema_migration_state');
    const before = await recorded();
    const full = await run({fullCheck: true});
    expect(full.report.dataSources[0].status).to.equal('up-to-date');
    // Not written again: its recorded_at is the first run's.
    expect(await recorded()).to.eql(before);
    expect((await run()).roundTrips).to.equal(1);
  });

  it('records what a full check found when the catalog changed since the row', async () => {
    await migrated();
    const recorded = () => db().query('SELECT * FROM schema_migration_state');
    const before = await recorded();
    await db().query('CREATE TABLE manual_table (id INTEGER PRIMARY KEY)');
    const full = await run({fullCheck: true});
    expect(full.report.dataSources[0].warnings.join()).to.match(/manual_table/);
    expect(await recorded()).to.not.eql(before);
    const next = await run();
    expect(next.roundTrips).to.equal(1);
    expect(next.report.dataSources[0].warnings).to.eql(
      full.report.dataSources[0].warnings,
    );
  });

  for (const [what, change] of Object.entries(manualChanges(kind))) {
    it(`plans in full after a change by hand that ${what}`, async () => {
      await migrated();
      await change(db());
      // Whatever the plan makes of the change (it may even fail: a unique
      // constraint added by hand on PostgreSQL), it is planned in full.
      await run().catch(() => undefined);
      expect(counter.peek().roundTrips).to.be.above(2);
    });
  }

  it('still matches a table dropped and created again identically (the same catalog)', async () => {
    const create =
      'CREATE TABLE manual_table (id INTEGER NOT NULL PRIMARY KEY, label VARCHAR(20))';
    await db().query(create);
    await migrated();
    // The warning about the table without a model is repeated from the record.
    const before = await run();
    expect(before.report.dataSources[0].warnings.join()).to.match(
      /manual_table/,
    );
    await db().query('DROP TABLE manual_table');
    await db().query(create);
    const after = await run();
    expect(after.roundTrips).to.equal(1);
    expect(after.report.dataSources[0].warnings).to.eql(
      before.report.dataSources[0].warnings,
    );
  });

  it('sends its query before LoopBack resolves the repositories', async () => {
    await migrated();
    const seen: number[] = [];
    // A repository binding that notes the queries sent when it is resolved.
    const {report, roundTrips} = await run({}, {}, app => {
      app
        .bind('repositories.Probe')
        .toDynamicValue(() => seen.push(counter.peek().roundTrips))
        .tag('repository');
    });
    expect(report.dataSources[0].status).to.equal('up-to-date');
    expect(roundTrips).to.equal(1);
    expect(seen).to.eql([1]);
  });

  it('plans in full after a script before the schema sync changed a table', async () => {
    await migrated();
    const {note} = names(kind);
    const dropPriority = defineScript({
      version: '1.0.0',
      dataSource: 'db',
      runs: 'before-schema',
      up: ctx => ctx.execute(`ALTER TABLE ${note} DROP COLUMN priority`),
    });
    // The query sent before the script ran saw the recorded catalog.
    const {report} = await run({}, {}, app =>
      app.migrationScript(dropPriority),
    );
    expect(report.scripts.map(s => s.status)).to.eql(['applied']);
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(JSON.stringify(report.dataSources[0].statements)).to.match(
      /priority/,
    );
  });

  it('starts an app whose scripts are all applied in two round trips, without the lock: the fast path and the ledger', async () => {
    const seed = defineScript({
      version: '1.0.0',
      dataSource: 'db',
      up: async () => undefined,
    });
    const withSeed = (app: MigratingApp) => app.migrationScript(seed);
    const first = await run({}, {}, withSeed);
    expect(first.report.scripts.map(s => s.status)).to.eql(['applied']);
    await run({}, {}, withSeed);
    const start = await run({}, {}, withSeed);
    expect(start.report.dataSources[0].status).to.equal('up-to-date');
    expect(start.report.scripts).to.eql([]);
    // The fast path's query, then the ledger's rows.
    expect(start.roundTrips).to.equal(2);
    // A new script is seen, run under the lock, and recorded.
    const next = defineScript({
      version: '1.1.0',
      dataSource: 'db',
      up: async () => undefined,
    });
    const grown = await run({}, {}, app => {
      withSeed(app);
      app.migrationScript(next);
    });
    expect(grown.report.scripts.map(s => [s.version, s.status])).to.eql([
      ['1.1.0', 'applied'],
    ]);
  });

  it('records a full check the next run matches, also when no row was recorded for all models', async () => {
    // A selection's run creates the tables and records its own row only.
    const selected = await run({models: ['Category', 'Note']});
    expect(selected.report.dataSources[0].status).to.equal('migrated');
    const full = await run();
    expectFullCheck(full);
    expect(full.report.dataSources[0].status).to.equal('up-to-date');
    const next = await run();
    expect(next.report.dataSources[0].status).to.equal('up-to-date');
    expect(next.roundTrips).to.equal(1);
  });

  it('plans in full after a model gains a property', async () => {
    await migrated();
    const changed = await run({}, {extraProperty: true});
    expectFullCheck(changed);
    expect(changed.report.dataSources[0].status).to.equal('migrated');
  });

  it("plans in full after a model's indexes change", async () => {
    await migrated();
    const changed = await run({}, {bodyIndexed: true});
    expectFullCheck(changed);
    expect(changed.report.dataSources[0].status).to.equal('migrated');
  });

  it('keeps a fingerprint per selection of models', async () => {
    await migrated();
    // A selection has a row of its own: its first run plans in full.
    expectFullCheck(await run({models: ['Note']}));
    const selected = await run({models: ['Note']});
    expect(selected.report.dataSources[0].models).to.eql(['Note']);
    expect(selected.roundTrips).to.equal(1);
    expect((await run()).roundTrips).to.equal(1);
  });

  // QA on an lb4 app: two replicas starting at once with a change pending:
  // the one that waited for the other's lock found nothing to do, but its
  // digest, read before the other migrated, was not the catalog's any
  // more: nothing verified was recorded, and each replica's next start
  // planned in full again (sometimes twice).
  it('records a verified digest when it waited for another run that migrated', async () => {
    const starts = [0, 1].map(() =>
      buildApp(MigratingApp, {db: db().dataSourceConfig}, models({})),
    );
    try {
      const reports = await Promise.all(
        starts.map(app => migrateSchemaWithReport(app)),
      );
      expect(reports.map(r => r.dataSources[0].status).sort()).to.eql([
        'migrated',
        'up-to-date',
      ]);
    } finally {
      await Promise.all(starts.map(app => closeApp(app)));
    }
    expect((await recordedDigests())[0]).to.not.be.empty();
    const next = await run();
    expect(next.report.dataSources[0].status).to.equal('up-to-date');
    expect(next.roundTrips).to.equal(1);
  });

  it('records a verified digest only while the catalog still has it', async () => {
    await migrated();
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models());
    try {
      // A full check resolves the repositories: the models are attached.
      await app.planSchemaMigration({fullCheck: true});
      const ds = await app.get<juggler.DataSource>('datasources.db');
      const connector = ds.connector as unknown as JugglerConnector;
      const dialect = dialectFor(kind)!;
      const scope = {
        tables: ['Category', 'Note'].map(m => dialect.tableOf(connector, m)),
        stateTable: ['schema_migration_state'],
        key: 'verified-test',
      } satisfies SchemaStateScope;
      const store = dialect.schemaState;
      const now = (await store.read(connector, scope))!.catalogDigest;
      const state = {modelFingerprint: 'f'.repeat(64), warnings: []};
      // A plan that started from another catalog than the current one.
      await store.write(connector, scope, {...state, catalogDigest: 'other'});
      const stale = await store.read(connector, scope);
      expect(stale?.stored?.catalogDigest).to.not.equal(now);
      await store.write(connector, scope, {...state, catalogDigest: now});
      expect((await store.read(connector, scope))?.stored).to.eql({
        ...state,
        catalogDigest: now,
      });
    } finally {
      await closeApp(app);
    }
  });

  // MySQL and MariaDB commit each DDL statement: no change waits uncommitted.
  if (kind === 'postgresql')
    it('reads without waiting for a table another session is altering', async function () {
      skipOnEmbedded(this, db(), 'needs separate database sessions');
      this.timeout(10_000);
      await migrated();
      const other = new Client({
        ...serverSettings('postgresql'),
        database: db().name,
      });
      await other.connect();
      try {
        await other.query('BEGIN');
        await other.query('ALTER TABLE note ADD COLUMN pending integer');
        // The committed catalog is the recorded one: nothing to wait for.
        const {report, roundTrips} = await run();
        expect(report.dataSources[0].status).to.equal('up-to-date');
        expect(roundTrips).to.equal(1);
      } finally {
        await other.query('ROLLBACK');
        await other.end();
      }
    });

  if (kind === 'postgresql')
    it('brings a state table without catalog_scope (an earlier layout) up to date', async () => {
      await migrated();
      await db().query(
        'ALTER TABLE schema_migration_state DROP COLUMN catalog_scope',
      );
      expectFullCheck(await run());
      // That read found no usable table, and read the digest alone: its
      // plan verified it, so the next run takes the fast path.
      expect((await run()).roundTrips).to.equal(1);
    });

  it('answers from the second run on a database without its state table (a schema it did not make)', async () => {
    await migrated();
    await db().query('DROP TABLE schema_migration_state');
    // The first reads the digest alone, plans in full, verifies and records it.
    expectFullCheck(await run());
    expect((await run()).roundTrips).to.equal(1);
  });

  it('records nothing for a refused run', async () => {
    await migrated();
    const recorded = () => db().query('SELECT * FROM schema_migration_state');
    const before = await recorded();
    expect(before).to.have.length(1);
    const {note} = names(kind);
    await db().query(`INSERT INTO ${note} (title, body) VALUES ('a', 'kept')`);
    // The model drops the column `body`, which holds a value.
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      models()[0],
      {
        ...models()[1],
        properties: Object.fromEntries(
          Object.entries(models()[1].properties).filter(([p]) => p !== 'body'),
        ),
      },
    ]);
    try {
      const err = await rejection(app.migrateSchema());
      expect(err).to.have.property('code', 'MIGRATION_DATA_LOSS');
    } finally {
      await closeApp(app);
    }
    expect(await recorded()).to.eql(before);
  });
});
