import {expect} from '@loopback/testlab';
import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import mysql from 'mysql2/promise';
import {Client} from 'pg';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {columns, dropAllTables, tables} from '../support/catalog';
import {
  describeEachDatabase,
  serverSettings,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';
import {chainedModels} from '../support/schemas';

const WORKER = path.resolve(__dirname, '../fixtures/concurrent/worker.js');
const MODELS = 20;

interface WorkerRun {
  readonly child: ChildProcess;
  readonly done: Promise<{
    code: number | null;
    signal: string | null;
    stdout: string;
    stderr: string;
  }>;
}

function startWorker(
  db: TestDatabase,
  env: Record<string, string> = {},
): WorkerRun {
  const child = spawn(process.execPath, ['--no-deprecation', WORKER], {
    env: {
      ...process.env,
      LSM_DATASOURCE: JSON.stringify(db.dataSourceConfig),
      LSM_MODELS: String(MODELS),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', chunk => (stdout += chunk));
  child.stderr!.on('data', chunk => (stderr += chunk));
  const done = new Promise<{
    code: number | null;
    signal: string | null;
    stdout: string;
    stderr: string;
  }>(resolve =>
    child.on('close', (code, signal) =>
      resolve({code, signal, stdout, stderr}),
    ),
  );
  return {child, done};
}

/** Tables named like the chained models, lower-cased. */
function expectedTables(): string[] {
  return Array.from({length: MODELS}, (_, i) => `model${i + 1}`).sort();
}

describeEachDatabase(
  'replicas starting at once (separate Node processes)',
  db => {
    before(function () {
      skipOnEmbedded(
        this,
        db(),
        'racing processes need separate database sessions; PGlite has one',
      );
    });
    beforeEach(() => dropAllTables(db()));

    it('lets 4 processes migrate one fresh database: each table once, no errors', async () => {
      const runs = Array.from({length: 4}, () => startWorker(db()));
      const results = await Promise.all(runs.map(r => r.done));
      for (const result of results) {
        expect({code: result.code, stderr: result.stderr}).to.eql({
          code: 0,
          stderr: '',
        });
        expect(result.stdout).to.not.match(/already exists/);
      }
      expect(await tables(db())).to.eql(expectedTables());
      // Exactly one process created the tables; the others waited, re-planned
      // and found nothing to do.
      const statuses = results
        .map(r => JSON.parse(r.stdout).dataSources[0].status)
        .sort();
      expect(statuses).to.eql([
        'migrated',
        'up-to-date',
        'up-to-date',
        'up-to-date',
      ]);
    });

    it('recovers when a process is killed (SIGKILL) in the middle of a run', async () => {
      expect((await startWorker(db()).done).code).to.equal(0);
      // Hold a lock on one table so that the next run blocks half-way.
      const blocker = await holdTableLock(db(), 'model5');
      const victim = startWorker(db(), {LSM_EXTRA: '1'});
      try {
        await waitUntilBlocked(db());
        victim.child.kill('SIGKILL');
        expect((await victim.done).signal).to.equal('SIGKILL');
      } finally {
        await blocker.release();
      }
      const next = await startWorker(db(), {LSM_EXTRA: '1'}).done;
      expect(next.code).to.equal(0);
      for (const table of expectedTables()) {
        expect((await columns(db(), table)).map(c => c.column)).to.containEql(
          'extra',
        );
      }
      const app = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig},
        chainedModels(MODELS, {extraProperty: true}),
      );
      try {
        const plan = await app.planSchemaMigration();
        expect(plan.dataSources[0].statements.map(s => s.sql)).to.eql([]);
      } finally {
        await closeApp(app);
      }
    });
  },
);

/** Lock a table from a connection of our own until release(). */
async function holdTableLock(
  db: TestDatabase,
  table: string,
): Promise<{release(): Promise<void>}> {
  if (db.kind === 'postgresql') {
    const client = new Client({
      ...serverSettings('postgresql'),
      database: db.name,
    });
    await client.connect();
    await client.query('BEGIN');
    await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    return {
      release: async () => {
        await client.query('ROLLBACK');
        await client.end();
      },
    };
  }
  const conn = await mysql.createConnection({
    ...serverSettings('mysql'),
    database: db.name,
  });
  const name = table.replace('model', 'Model');
  await conn.query(`LOCK TABLES \`${name}\` WRITE`);
  return {
    release: async () => {
      await conn.query('UNLOCK TABLES');
      await conn.end();
    },
  };
}

/** Wait until some session of the test database waits on a table lock. */
async function waitUntilBlocked(db: TestDatabase): Promise<void> {
  const sql =
    db.kind === 'postgresql'
      ? `SELECT COUNT(*) AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`
      : `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST
          WHERE DB = DATABASE() AND STATE LIKE 'Waiting for table metadata lock%'`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const [row] = await db.query<{n: number | string}>(sql);
    if (Number(row.n) > 0) return;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  throw new Error('the migration never blocked on the locked table');
}
