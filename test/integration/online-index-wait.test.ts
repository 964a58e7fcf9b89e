import {expect} from '@loopback/testlab';
import {Client} from 'pg';
import {setTimeout as sleep} from 'node:timers/promises';
import {migrateSchemaWithReport, MigrationTableBusyError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {
  createTestDatabase,
  serverSettings,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';
import {rejection} from '../support/rejection';

const ID = {type: 'number', id: true, generated: true} as const;

function model(name: string, indexed: boolean): ModelSpec {
  return {
    name,
    properties: {id: ID, title: {type: 'string', index: indexed || undefined}},
  };
}

function models(indexed: boolean): ModelSpec[] {
  return [model('Book', indexed)];
}

/**
 * PostgreSQL: `CREATE INDEX CONCURRENTLY` waits for every transaction that
 * wrote to its table. That wait is bounded by `lockTimeoutMs` (README,
 * "Zero-downtime"): a run never hangs silently, holding the migration lock,
 * behind an app transaction left open; it fails naming the session, and
 * the next run builds the index.
 */
describe('index builds of online phases wait within lockTimeoutMs (postgresql)', () => {
  let db: TestDatabase;
  let holder: Client | undefined;
  let app: MigratingApp | undefined;

  before(async function () {
    db = (await createTestDatabase('postgresql'))!;
    skipOnEmbedded(this, db, 'needs a session holding a transaction');
  });
  after(async () => {
    if (app) await closeApp(app);
    await holder?.end();
    await db?.drop();
  });

  it('gives up with MigrationTableBusyError naming the open transaction, and the next run builds the index', async () => {
    const first = buildApp(
      MigratingApp,
      {db: db.dataSourceConfig},
      models(false),
    );
    await migrateSchemaWithReport(first);
    await closeApp(first);
    holder = new Client({
      ...serverSettings('postgresql'),
      database: db.name,
      application_name: 'open-writer',
    });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query("INSERT INTO book (title) VALUES ('a')");
    const {rows} = await holder.query<{pid: number}>(
      'SELECT pg_backend_pid() AS pid',
    );
    // Without a bound the build waits until this commit, 20 s later.
    const released = sleep(20_000).then(() => holder?.query('COMMIT'));
    app = buildApp(MigratingApp, {db: db.dataSourceConfig}, models(true));
    const progress: string[] = [];
    const started = performance.now();
    const err = await rejection(
      migrateSchemaWithReport(app, {
        lockTimeoutMs: 2_500,
        statementLockTimeoutMs: 300,
        onProgress: message => progress.push(message),
      }),
    );
    const elapsed = performance.now() - started;
    expect(err).to.be.instanceOf(MigrationTableBusyError);
    expect(elapsed).to.be.below(10_000);
    expect(err.message).to.containEql(`session ${rows[0].pid}`);
    expect(err.message).to.containEql('open-writer');
    expect(err.message).to.match(/INVALID/);
    expect(err.message).to.containEql(
      'No statement of this datasource was applied before it (online phases',
    );
    // Tried once: no retries for statementLockTimeoutMs to bound.
    expect(err.message).to.match(
      /run again; lockTimeoutMs \(now 2500 ms\) sets how long each of its waits lasts\./,
    );
    // While it waited, the progress named the session it waited for.
    expect(progress.join('\n')).to.match(
      new RegExp(
        `waiting for session ${rows[0].pid} \\(its transaction open for`,
      ),
    );
    await holder.query('COMMIT');
    void released.catch(() => undefined);
    const report = await migrateSchemaWithReport(app);
    expect(report.dataSources[0].status).to.equal('migrated');
    const indexes = await db.query<{name: string; valid: boolean}>(
      `SELECT c.relname AS name, i.indisvalid AS valid
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = 'book'::regclass AND NOT i.indisprimary`,
    );
    expect(indexes).to.have.length(1);
    expect(indexes[0].valid).to.be.true();
    const again = await migrateSchemaWithReport(app);
    expect(again.dataSources[0].status).to.equal('up-to-date');
  });

  it('says what the build waited for when it was an older transaction holding no lock on the table', async () => {
    const first = buildApp(MigratingApp, {db: db.dataSourceConfig}, [
      model('Book', true),
      model('Paper', false),
    ]);
    await migrateSchemaWithReport(first);
    await closeApp(first);
    const old = new Client({
      ...serverSettings('postgresql'),
      database: db.name,
    });
    await old.connect();
    try {
      // A snapshot older than the build, on another table.
      await old.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await old.query('SELECT count(*) FROM book');
      const {rows} = await old.query<{pid: number}>(
        'SELECT pg_backend_pid() AS pid',
      );
      const indexed = buildApp(MigratingApp, {db: db.dataSourceConfig}, [
        model('Book', true),
        model('Paper', true),
      ]);
      try {
        const progress: string[] = [];
        const err = await rejection(
          migrateSchemaWithReport(indexed, {
            lockTimeoutMs: 2_500,
            onProgress: message => progress.push(message),
          }),
        );
        expect(err).to.be.instanceOf(MigrationTableBusyError);
        expect(err.message).to.match(
          /No session holds a lock on it: the build waited for a transaction of the database older than it/,
        );
        expect(err.message).not.to.match(/released as the run gave up/);
        expect(progress.join('\n')).to.match(
          new RegExp(
            `waiting for old snapshots, waiting for session ${rows[0].pid} `,
          ),
        );
        await old.query('COMMIT');
        const report = await migrateSchemaWithReport(indexed);
        expect(report.dataSources[0].status).to.equal('migrated');
        const [paper] = await db.query<{valid: boolean}>(
          `SELECT bool_and(i.indisvalid) AS valid
             FROM pg_index i WHERE i.indrelid = 'paper'::regclass AND NOT i.indisprimary`,
        );
        expect(paper.valid).to.be.true();
      } finally {
        await closeApp(indexed);
      }
    } finally {
      await old.end();
    }
  });
});
