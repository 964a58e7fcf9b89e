import {expect} from '@loopback/testlab';
import mysql from 'mysql2/promise';
import {spawn} from 'node:child_process';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {Client} from 'pg';
import {
  migrateSchemaWithReport,
  MigrationLockTimeoutError,
  type SchemaMigrationOptions,
  type SchemaMigrationReport,
} from '../../src';
import {MIGRATION_APPLICATION_NAME} from '../../src/runner/orphans';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {
  createTestDatabase,
  serverSettings,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';
import {chainedModels} from '../support/schemas';
import {defineScript, insertNote, NOTE_MODEL, notes} from '../support/scripts';
import {MYSQL_APPLY_TAG} from '../../src/dialects/mysql/orphans';
import {rejection} from '../support/rejection';

const WORKER = path.resolve(__dirname, '../fixtures/concurrent/worker.js');
const SCRIPTS_WORKER = path.resolve(__dirname, '../fixtures/scripts/worker.js');

const NOTE_WITH_EXTRA: ModelSpec = {
  ...NOTE_MODEL,
  properties: {...NOTE_MODEL.properties, extra: {type: 'string'}},
};

async function migrate(
  db: TestDatabase,
  models: ModelSpec[],
  options: SchemaMigrationOptions = {},
): Promise<SchemaMigrationReport> {
  const app = buildApp(MigratingApp, {db: db.dataSourceConfig}, models);
  try {
    return await migrateSchemaWithReport(app, options);
  } finally {
    await closeApp(app);
  }
}

/**
 * A session that looks like the apply of a migration whose process died:
 * tagged as ours, it adds `extra` to `note` in a transaction that commits
 * after `seconds`, all sent in one round trip.
 */
async function startOrphan(
  db: TestDatabase,
  seconds: number,
): Promise<{client: Client; done: Promise<unknown>}> {
  const client = new Client({
    ...serverSettings('postgresql'),
    database: db.name,
  });
  client.on('error', () => undefined);
  await client.connect();
  const done = client
    .query(
      `BEGIN; SET LOCAL application_name = '${MIGRATION_APPLICATION_NAME}';
       ALTER TABLE note ADD COLUMN extra text;
       SELECT pg_sleep(${seconds}); COMMIT`,
    )
    .catch((err: unknown) => err);
  // Until the server runs it, nothing is there to find.
  await waitFor(db, `application_name = '${MIGRATION_APPLICATION_NAME}'`);
  return {client, done};
}

/**
 * How long a statement of another process may take to appear: a spawned
 * worker boots Node and LoopBack first, seconds on a loaded machine.
 */
const APPEAR_MS = 30_000;

/** Wait until a backend of the test database matches `condition`. */
async function waitFor(
  db: TestDatabase,
  condition: string,
  timeoutMs = APPEAR_MS,
): Promise<number> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    const [row] = await db.query<{pid: number}>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND ${condition}`,
    );
    if (row) return row.pid;
    await sleep(25);
  }
  const activity = await db.query(
    `SELECT application_name, state, wait_event_type, left(query, 80) AS query
       FROM pg_stat_activity WHERE datname = current_database()`,
  );
  throw new Error(
    `no backend with ${condition} appeared: ${JSON.stringify(activity)}`,
  );
}

async function noteColumns(db: TestDatabase): Promise<string[]> {
  return (await columns(db, 'note')).map(c => c.column);
}

describe('an orphaned migration transaction (postgresql)', function () {
  let db: TestDatabase | undefined;
  before(async function () {
    db = await createTestDatabase('postgresql');
    if (!db) this.skip();
    skipOnEmbedded(this, db, 'needs separate database sessions');
  });
  after(() => db?.drop());
  const database = () => db!;

  beforeEach(async () => {
    await dropAllTables(database());
    await migrate(database(), [NOTE_MODEL]);
  });

  it('waits for it to end, then plans from the committed catalog', async () => {
    const orphan = await startOrphan(database(), 1.5);
    try {
      const started = Date.now();
      const progress: string[] = [];
      const report = await migrate(database(), [NOTE_WITH_EXTRA], {
        onProgress: message => progress.push(message),
      });
      // Planned before the orphan committed, it would add `extra` again
      // and fail "column extra already exists".
      expect(report.dataSources[0].status).to.equal('up-to-date');
      expect(Date.now() - started).to.be.aboveOrEqual(1000);
      // Said while it waited, and why the run took that long.
      expect(progress[0]).to.match(
        /^Waiting for an earlier migration's work that database "[^"]+" \(postgresql\) is still running: pid \d+ .*--terminate-orphaned-migrations\) ends it instead\.$/,
      );
      expect(report.dataSources[0].warnings[0]).to.match(
        /^waited \d+\.\d s before planning for an earlier migration's work that database "[^"]+" \(postgresql\) was still running \(pid \d+ /,
      );
      expect(await noteColumns(database())).to.containEql('extra');
    } finally {
      await orphan.done;
      await orphan.client.end();
    }
  });

  it('ends it with terminateOrphanedMigrations, and plans from the catalog it leaves', async () => {
    const orphan = await startOrphan(database(), 30);
    try {
      const started = Date.now();
      const report = await migrate(database(), [NOTE_WITH_EXTRA], {
        terminateOrphanedMigrations: true,
      });
      // The orphan's ALTER was rolled back: this run adds the column.
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(report.dataSources[0].warnings[0]).to.match(
        /^ended an earlier migration's work that database "[^"]+" \(postgresql\) was still running \(pid \d+ .*\(terminateOrphanedMigrations\)/,
      );
      expect(Date.now() - started).to.be.below(10_000);
      expect(String(await orphan.done)).to.match(/terminat/);
      expect(await noteColumns(database())).to.containEql('extra');
    } finally {
      await orphan.client.end().catch(() => undefined);
    }
  });

  it('fails with MigrationLockTimeoutError naming it when it outlasts lockTimeoutMs, changing nothing', async () => {
    const orphan = await startOrphan(database(), 30);
    try {
      const err = await rejection(
        migrate(database(), [NOTE_WITH_EXTRA], {lockTimeoutMs: 300}),
      );
      expect(err).to.be.instanceOf(MigrationLockTimeoutError);
      const [{pid}] = await database().query<{pid: number}>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database()
            AND application_name = '${MIGRATION_APPLICATION_NAME}'`,
      );
      expect(err.message).to.match(/earlier migration's transaction/);
      expect(err.message).to.containEql(`pid ${pid}`);
      expect(err.message).to.match(/terminateOrphanedMigrations/);
      expect(err.message).to.match(/lockTimeoutMs option \(now 300 ms\)/);
    } finally {
      await database().query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database()
            AND application_name = '${MIGRATION_APPLICATION_NAME}'`,
      );
      await orphan.done;
      await orphan.client.end().catch(() => undefined);
    }
    expect(await noteColumns(database())).to.not.containEql('extra');
  });

  it('after a kill -9 while the batch is on the server, the next run waits for it and completes', async () => {
    const models = 12;
    await migrate(database(), chainedModels(models));
    // Holds the batch on the server: its ALTER of model5 waits for this lock
    // (SHARE lets the planning's catalog reads through).
    const blocker = new Client({
      ...serverSettings('postgresql'),
      database: database().name,
    });
    await blocker.connect();
    try {
      await blocker.query('BEGIN; LOCK TABLE model5 IN SHARE MODE');
      const child = spawn(process.execPath, ['--no-deprecation', WORKER], {
        env: {
          ...process.env,
          LSM_DATASOURCE: JSON.stringify(database().dataSourceConfig),
          LSM_MODELS: String(models),
          LSM_EXTRA: '1',
        },
        stdio: 'ignore',
      });
      const exited = new Promise(resolve => child.on('exit', resolve));
      await waitFor(
        database(),
        `application_name = '${MIGRATION_APPLICATION_NAME}' AND wait_event_type = 'Lock'`,
        30_000,
      );
      child.kill('SIGKILL');
      await exited;

      let settled = false;
      const next = migrate(
        database(),
        chainedModels(models, {extraProperty: true}),
      ).finally(() => (settled = true));
      next.catch(() => undefined);
      await sleep(500);
      // Still waiting for the dead process's transaction.
      expect(settled).to.be.false();
      await blocker.query('COMMIT');
      const report = await next;
      // The orphan committed (up-to-date) or lost its client and rolled
      // back (migrated): either way this run planned after it ended.
      expect(['up-to-date', 'migrated']).to.containEql(
        report.dataSources[0].status,
      );
      for (let n = 1; n <= models; n++) {
        expect(
          (await columns(database(), `model${n}`)).map(c => c.column),
        ).to.containEql('extra');
      }
    } finally {
      await blocker.end();
    }
  });
});

describe('an orphaned migration statement (mysql)', function () {
  let db: TestDatabase | undefined;
  before(async function () {
    db = await createTestDatabase('mysql');
    if (!db) this.skip();
  });
  after(() => db?.drop());
  const database = () => db!;
  const connect = () =>
    mysql.createConnection({
      ...serverSettings('mysql'),
      database: database().name,
    });

  beforeEach(async () => {
    await dropAllTables(database());
    await migrate(database(), [NOTE_MODEL]);
  });

  /** Wait until a connection of the test database runs a tagged statement. */
  async function waitForTagged(): Promise<number> {
    for (const deadline = Date.now() + APPEAR_MS; Date.now() < deadline;) {
      const [row] = await database().query<{id: number}>(
        `SELECT ID AS id FROM information_schema.PROCESSLIST
          WHERE DB = DATABASE() AND INFO LIKE '${MYSQL_APPLY_TAG}%'`,
      );
      if (row) return row.id;
      await sleep(25);
    }
    throw new Error('no tagged statement appeared');
  }

  it('waits for it to end, then plans from the catalog it leaves', async () => {
    // A reader holds the table's metadata lock: the orphan's ALTER waits.
    const reader = await connect();
    const orphan = await connect();
    try {
      await reader.query('BEGIN');
      await reader.query('SELECT * FROM `Note`');
      const altered = orphan
        .query(
          `${MYSQL_APPLY_TAG}ALTER TABLE \`Note\` ADD COLUMN extra VARCHAR(512)`,
        )
        .catch((err: unknown) => err);
      await waitForTagged();
      let settled = false;
      const next = migrate(database(), [NOTE_WITH_EXTRA]).finally(
        () => (settled = true),
      );
      next.catch(() => undefined);
      await sleep(500);
      expect(settled).to.be.false();
      await reader.query('COMMIT');
      await altered;
      const report = await next;
      // Planned before the ALTER ended, it would add `extra` again.
      expect(report.dataSources[0].status).to.equal('up-to-date');
      expect(report.dataSources[0].warnings[0]).to.match(
        /^waited \d+\.\d s before planning for an earlier migration's work that database "[^"]+" \(mysql\) was still running/,
      );
      expect(await noteColumns(database())).to.containEql('extra');
    } finally {
      await reader.end();
      await orphan.end();
    }
  });

  it('ends it with terminateOrphanedMigrations', async () => {
    const orphan = await connect();
    orphan.on('error', () => undefined);
    try {
      const slept = orphan
        .query(`${MYSQL_APPLY_TAG}SELECT SLEEP(30)`)
        .catch((err: unknown) => err);
      await waitForTagged();
      const started = Date.now();
      const report = await migrate(database(), [NOTE_WITH_EXTRA], {
        terminateOrphanedMigrations: true,
      });
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(Date.now() - started).to.be.below(10_000);
      expect(await slept).to.be.instanceOf(Error);
    } finally {
      orphan.destroy();
    }
  });

  it("ends a killed replica's script statement with terminateOrphanedMigrations, and runs the script once", async () => {
    // The table held: the script's INSERT waits on the server.
    const holder = await connect();
    const app = buildApp(MigratingApp, {db: database().dataSourceConfig}, [
      NOTE_MODEL,
    ]);
    app.migrationScript(
      defineScript({version: '1.0.0', up: insertNote('up:1.0.0')}),
    );
    try {
      await holder.query('LOCK TABLES `Note` WRITE');
      const child = spawn(
        process.execPath,
        ['--no-deprecation', SCRIPTS_WORKER],
        {
          env: {
            ...process.env,
            LSM_DATASOURCE: JSON.stringify(database().dataSourceConfig),
            LSM_SCRIPTS: '1',
            LSM_SCRIPTS_ONLY: '1',
          },
          stdio: 'ignore',
        },
      );
      const exited = new Promise(resolve => child.on('exit', resolve));
      const orphan = await waitForTagged();
      child.kill('SIGKILL');
      await exited;
      const next = migrateSchemaWithReport(app, {
        models: [],
        terminateOrphanedMigrations: true,
      });
      next.catch(() => undefined);
      await waitUntilGone(orphan);
      await holder.query('UNLOCK TABLES');
      await next;
    } finally {
      await holder.end();
      await closeApp(app);
    }
    expect(await notes(database())).to.eql(['up:1.0.0']);
  });

  /** Wait until the connection `id` is gone from the server. */
  async function waitUntilGone(id: number): Promise<void> {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
      const rows = await database().query(
        'SELECT ID FROM information_schema.PROCESSLIST WHERE ID = ?',
        [id],
      );
      if (rows.length === 0) return;
      await sleep(25);
    }
    throw new Error(`connection ${id} was not ended`);
  }

  it('fails with MigrationLockTimeoutError naming it when it outlasts lockTimeoutMs', async () => {
    const orphan = await connect();
    orphan.on('error', () => undefined);
    try {
      const slept = orphan
        .query(`${MYSQL_APPLY_TAG}SELECT SLEEP(30)`)
        .catch((err: unknown) => err);
      const id = await waitForTagged();
      const err = await rejection(
        migrate(database(), [NOTE_WITH_EXTRA], {lockTimeoutMs: 300}),
      );
      expect(err).to.be.instanceOf(MigrationLockTimeoutError);
      expect(err.message).to.containEql(`pid ${id}`);
      expect(err.message).to.containEql(`KILL ${id}`);
      await database().query(`KILL ${id}`);
      await slept;
    } finally {
      orphan.destroy();
    }
    expect(await noteColumns(database())).to.not.containEql('extra');
  });
});
