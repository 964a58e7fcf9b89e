import type {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {setTimeout as sleep} from 'node:timers/promises';
import {
  migrateSchemaWithReport,
  MigrationLockTimeoutError,
  type SchemaMigrationOptions,
  type SchemaMigrationReport,
} from '../../src';
import {dialectFor} from '../../src/dialects';
import type {JugglerConnector} from '../../src/juggler';
import {applyStatements} from '../../src/runner/apply';
import {lockRetry} from '../../src/runner/lock-retry';
import {lockGuard} from '../../src/runner/lock-guard';
import {
  buildApp,
  closeApp,
  MigratingApp,
  todoModels,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables, tables} from '../support/catalog';
import {
  describeEachDatabase,
  skipOnEmbedded,
  type DatabaseKind,
  type TestDatabase,
} from '../support/databases';
import {
  defineScript,
  insertNote,
  ledgerVersions,
  NOTE_MODEL,
  notes,
  noteScript,
  type ScriptSpec,
} from '../support/scripts';
import {rejection} from '../support/rejection';

/** Runs must finish well before it: a run that waits for itself fails. */
const LOCK_TIMEOUT_MS = 8_000;
/** Stock LoopBack takes ~50 ms; ours a few hundred at most. */
const QUICK_MS = 4_000;

/** The pool settings of one connection, as each connector spells them. */
function poolOfOne(kind: DatabaseKind): Record<string, unknown> {
  return kind === 'postgresql' ? {max: 1} : {connectionLimit: 1};
}

/** An app whose datasource `db` has a pool of one connection. */
function smallPoolApp(db: TestDatabase, models: ModelSpec[]): MigratingApp {
  return buildApp(
    MigratingApp,
    {db: {...db.dataSourceConfig, ...poolOfOne(db.kind)}},
    models,
  );
}

/**
 * An app of its own, on a pool of one, whose migration script holds the
 * migration lock of `db` until `release()` (then runs `after`); `inside`
 * resolves once the script holds it, `holding` once its run is done.
 */
function lockHolder(db: TestDatabase, after?: ScriptSpec['up']) {
  const holder = smallPoolApp(db, [NOTE_MODEL]);
  let release!: () => void;
  const held = new Promise<void>(resolve => (release = resolve));
  let entered!: () => void;
  const inside = new Promise<void>(resolve => (entered = resolve));
  holder.migrationScript(
    defineScript({
      version: '1.0.0',
      up: async ctx => {
        entered();
        await held;
        await after?.(ctx);
      },
    }),
  );
  const holding = holder.migrateSchema({lockTimeoutMs: LOCK_TIMEOUT_MS});
  return {holder, holding, inside, release};
}

/** Migrate with an app of the default pool (to set a schema up). */
async function setUp(
  db: TestDatabase,
  models: ModelSpec[],
  options?: SchemaMigrationOptions,
): Promise<void> {
  const app = buildApp(MigratingApp, {db: db.dataSourceConfig}, models);
  try {
    await app.migrateSchema(options);
  } finally {
    await closeApp(app);
  }
}

/** The report of `run`, and how long it took; fails past QUICK_MS. */
async function timed(
  run: () => Promise<SchemaMigrationReport>,
): Promise<SchemaMigrationReport> {
  const started = Date.now();
  const report = await run();
  const took = Date.now() - started;
  expect(took).to.be.below(QUICK_MS);
  return report;
}

const AUTHOR: ModelSpec = {
  name: 'Author',
  properties: {
    id: {type: 'number', id: true, generated: true},
    name: {type: 'string'},
  },
};

describeEachDatabase('a datasource with a pool of one connection', db => {
  let app: MigratingApp | undefined;
  beforeEach(() => dropAllTables(db()));
  afterEach(async () => {
    if (app) await closeApp(app);
    app = undefined;
  });

  it('alters a table: adds a property to a model that has one', async () => {
    await setUp(db(), [AUTHOR]);
    const withEmail: ModelSpec = {
      ...AUTHOR,
      properties: {...AUTHOR.properties, email: {type: 'string'}},
    };
    app = smallPoolApp(db(), [withEmail]);

    const report = await timed(() =>
      migrateSchemaWithReport(app!, {lockTimeoutMs: LOCK_TIMEOUT_MS}),
    );

    expect(report.dataSources[0].status).to.equal('migrated');
    expect((await columns(db(), 'author')).map(c => c.column)).to.containEql(
      'email',
    );
  });

  it('rebuilds (existingSchema: drop) tables that have foreign keys', async () => {
    await setUp(db(), todoModels());
    app = smallPoolApp(db(), todoModels());

    const report = await timed(() =>
      migrateSchemaWithReport(app!, {
        existingSchema: 'drop',
        lockTimeoutMs: LOCK_TIMEOUT_MS,
      }),
    );

    const [result] = report.dataSources;
    expect(result.status).to.equal('migrated');
    expect(
      result.statements.filter(s => /^DROP TABLE/i.test(s.sql)),
    ).to.have.length(2);
    expect(await tables(db())).to.eql(['todo', 'todolist']);
  });

  it('plans a dry run and changes nothing', async () => {
    await setUp(db(), [AUTHOR]);
    const withEmail: ModelSpec = {
      ...AUTHOR,
      properties: {...AUTHOR.properties, email: {type: 'string'}},
    };
    app = smallPoolApp(db(), [withEmail, NOTE_MODEL]);
    app.migrationScript(noteScript('1.0.0'));

    const report = await timed(() =>
      migrateSchemaWithReport(app!, {
        dryRun: true,
        lockTimeoutMs: LOCK_TIMEOUT_MS,
      }),
    );

    expect(report.dataSources[0].status).to.equal('planned');
    expect(report.dataSources[0].statements.length).to.be.above(0);
    expect(report.scripts.map(s => [s.version, s.status])).to.eql([
      ['1.0.0', 'pending'],
    ]);
    expect(await tables(db())).to.eql(['author']);
  });

  it('runs pending migration scripts that use ctx.execute', async () => {
    app = smallPoolApp(db(), [NOTE_MODEL]);
    app.migrationScript(noteScript('1.0.0'));
    app.migrationScript(noteScript('1.1.0'));

    const report = await timed(() =>
      migrateSchemaWithReport(app!, {lockTimeoutMs: LOCK_TIMEOUT_MS}),
    );

    expect(report.scripts.map(s => [s.version, s.status])).to.eql([
      ['1.0.0', 'applied'],
      ['1.1.0', 'applied'],
    ]);
    expect(await notes(db())).to.eql(['up:1.0.0', 'up:1.1.0']);
    expect(await ledgerVersions(db())).to.eql(['1.0.0', '1.1.0']);
  });

  it('says, when a script times out waiting for the pool its own transaction holds, why', async function () {
    skipOnEmbedded(
      this,
      db(),
      "the embedded PostgreSQL's one session queues the app's query behind the script's transaction",
    );
    if (db().kind !== 'postgresql') {
      // Only PostgreSQL gives a script a transaction of its own.
      return this.skip();
    }
    app = smallPoolApp(db(), [NOTE_MODEL]);
    app.migrationScript(
      defineScript({
        version: '1.0.0',
        timeoutMs: 1_000,
        // Through the datasource, without {transaction}: the pool's only
        // connection is the script's transaction.
        up: async ctx => {
          await ctx.execute("INSERT INTO note (text) VALUES ('inside')");
          await ctx.dataSource.execute(
            "INSERT INTO note (text) VALUES ('outside')",
          );
          sent();
        },
      }),
    );
    let sent!: () => void;
    const outsideRan = new Promise<void>(resolve => (sent = resolve));
    const error = await rejection(
      app.migrateSchema({lockTimeoutMs: LOCK_TIMEOUT_MS}),
    );
    expect(error.message).to.match(/timed out after 1000 ms/);
    expect(error.message).to.match(
      /every connection of the pool of datasource "db" \(max: 1\) was in use by the script's transaction or others: a query it sent outside that transaction \(.*\) waits for a free connection, in a pool of one until that transaction ends, and then runs after all, outside it: what such a query changes is not rolled back with it\./,
    );
    expect(await ledgerVersions(db()).catch(() => [])).to.eql([]);
    // As it says: the rollback freed the connection, the query ran.
    await outsideRan;
    expect(await notes(db())).to.eql(['outside']);
  });

  it('fails naming the pool when its only connection stays busy, and gives it back when it comes', async () => {
    app = smallPoolApp(db(), [AUTHOR]);
    const ds = await app.get<juggler.DataSource>('datasources.db');
    const busy = await ds.beginTransaction({isolationLevel: 'READ COMMITTED'});
    const started = Date.now();
    const error = await rejection(
      applyStatements(
        dialectFor(db().kind)!,
        ds.connector as JugglerConnector,
        [{sql: 'SELECT 1', destructive: false}],
        {dataSource: 'db', timeoutMs: 300},
        // No lock: this test is about the pool.
        lockGuard(undefined, 'db', {
          operation: 'autoupdate',
          dryRun: false,
          dataSources: [],
          scripts: [],
          warnings: [],
        }),
        lockRetry(
          dialectFor(db().kind)!.lockWait,
          ds.connector as JugglerConnector,
          500,
          300,
        ),
      ),
    );
    expect(Date.now() - started).to.be.within(300, 2_000);
    expect(error.message).to.match(
      /^waited \d+ ms for a connection from the pool of datasource "db" \((max|connectionLimit) 1\) to apply the plan: .*\(now 300 ms\)\.$/,
    );
    await busy.rollback();
    // The connection that came too late went back to the pool.
    expect(await ds.execute('SELECT 1 AS one')).to.eql([{one: 1}]);
  });

  const runs: [string, SchemaMigrationOptions][] = [
    ['a run', {}],
    ['a run of some models', {models: ['Author']}],
  ];
  for (const [run, options] of runs) {
    it(`fails ${run} within lockTimeoutMs, naming the pool, when the app holds its only connection as it starts`, async () => {
      await setUp(db(), [AUTHOR]);
      app = smallPoolApp(db(), [AUTHOR]);
      const ds = await app.get<juggler.DataSource>('datasources.db');
      const busy = await ds.beginTransaction({
        isolationLevel: 'READ COMMITTED',
      });
      const started = Date.now();
      // Without a bound the run waits for the app's transaction: ended late.
      const late = setTimeout(() => void busy.rollback(), QUICK_MS * 2);
      try {
        const error = await rejection(
          migrateSchemaWithReport(app, {...options, lockTimeoutMs: 500}),
        );
        expect(Date.now() - started).to.be.below(QUICK_MS);
        expect(error.message).to.match(
          /waited \d+ ms for a connection from the pool of datasource "db" \((max|connectionLimit) 1\) to read its schema: every connection of the pool stayed in use elsewhere in the app\..*\(now 500 ms\)\.$/,
        );
      } finally {
        clearTimeout(late);
        await Promise.resolve(busy.rollback()).catch(() => undefined);
      }
      // The pool's connection came back: the next run is up to date.
      const report = await timed(() =>
        migrateSchemaWithReport(app!, {...options, lockTimeoutMs: 500}),
      );
      expect(report.dataSources[0].status).to.equal('up-to-date');
    });
  }

  it('fails within lockTimeoutMs when the app took the only connection while the run waited for the lock', async function () {
    skipOnEmbedded(this, db(), 'the lock needs separate database sessions');
    const {holder, holding, inside, release} = lockHolder(db());
    let busy: juggler.Transaction | undefined;
    let late: NodeJS.Timeout | undefined;
    try {
      await inside;
      app = smallPoolApp(db(), [
        {
          ...NOTE_MODEL,
          properties: {...NOTE_MODEL.properties, body: {type: 'string'}},
        },
      ]);
      const ds = await app.get<juggler.DataSource>('datasources.db');
      const waiting = rejection(app.migrateSchema({lockTimeoutMs: 2_000}));
      // The run reads the schema in a few ms, then waits for the lock (its
      // pool free). Too short a sleep fails the test ("to read its schema").
      await sleep(1_500);
      busy = await ds.beginTransaction({isolationLevel: 'READ COMMITTED'});
      release();
      await holding;
      late = setTimeout(() => void busy!.rollback(), QUICK_MS * 2);
      const started = Date.now();
      const error = await waiting;
      expect(Date.now() - started).to.be.below(QUICK_MS);
      expect(error.message).to.match(
        /waited \d+ ms for a connection from the pool of datasource "db" \((max|connectionLimit) 1\) to plan its changes: every connection of the pool stayed in use elsewhere in the app\./,
      );
    } finally {
      clearTimeout(late);
      release();
      await Promise.resolve(busy?.rollback()).catch(() => undefined);
      await holding.catch(() => undefined).finally(() => closeApp(holder));
    }
  });

  it('leaves the pool free for the app while the run waits for the lock', async function () {
    skipOnEmbedded(this, db(), 'the lock needs separate database sessions');
    const {holder, holding, inside, release} = lockHolder(
      db(),
      insertNote('holder'),
    );
    try {
      await inside;
      app = smallPoolApp(db(), [NOTE_MODEL]);
      const ds = await app.get<juggler.DataSource>('datasources.db');
      const error = await rejection(app.migrateSchema({lockTimeoutMs: 300}));
      expect(error).to.be.instanceOf(MigrationLockTimeoutError);
      // The pool's only connection is the app's, not the lock's.
      expect(await ds.execute('SELECT 1 AS one')).to.eql([{one: 1}]);
    } finally {
      release();
      await holding.finally(() => closeApp(holder));
    }
  });

  it('still keeps a second concurrent run out until the first is done', async function () {
    skipOnEmbedded(this, db(), 'the lock needs separate database sessions');
    const events: string[] = [];
    const slowScript = defineScript({
      version: '1.0.0',
      up: async ctx => {
        events.push('up started');
        await sleep(500);
        await insertNote('slow')(ctx);
        events.push('up done');
      },
    });
    const apps = [0, 1].map(() => smallPoolApp(db(), [NOTE_MODEL]));
    for (const one of apps) one.migrationScript(slowScript);
    try {
      const started = Date.now();
      const reports = await Promise.all(
        apps.map(async (one, i) => {
          const report = await migrateSchemaWithReport(one, {
            lockTimeoutMs: LOCK_TIMEOUT_MS,
          });
          events.push(`run ${i} done`);
          return report;
        }),
      );
      expect(Date.now() - started).to.be.below(QUICK_MS);
      // The script ran once; the run that waited found it applied.
      expect(events.filter(e => e === 'up started')).to.have.length(1);
      expect(events.indexOf('up done')).to.be.below(
        Math.max(events.indexOf('run 0 done'), events.indexOf('run 1 done')),
      );
      expect(reports.map(r => r.scripts.map(s => s.status)).sort()).to.eql([
        [],
        ['applied'],
      ]);
      expect(await notes(db())).to.eql(['slow']);
    } finally {
      for (const one of apps) await closeApp(one);
    }
  });
});
