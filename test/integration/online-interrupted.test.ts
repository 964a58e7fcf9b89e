import {expect} from '@loopback/testlab';
import {setTimeout} from 'node:timers/promises';
import {Client} from 'pg';
import {
  MigrationFailedError,
  MigrationLockLostError,
  migrateSchemaWithReport,
  type PlannedStatement,
} from '../../src';
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
import {lockHolderId, terminateSession} from '../support/sessions';
import {MIGRATION_APPLICATION_NAME} from '../../src/runner/orphans';

function note(indexed: boolean, body?: 'plain' | 'indexed'): ModelSpec {
  return {
    name: 'Note',
    properties: {
      id: {type: 'number', id: true, generated: true},
      title: {type: 'string', index: indexed || undefined},
      ...(body
        ? {body: {type: 'string', index: body === 'indexed' || undefined}}
        : {}),
    },
  };
}

/**
 * The trade-off of online phases (README, "Zero-downtime"): a failure in a
 * later phase leaves the earlier ones applied, and the next run completes
 * the migration. Here an index build running `CONCURRENTLY` is cancelled
 * from another session (as an operator or a deploy timeout would): it
 * leaves an INVALID index, which the next run drops and builds again.
 */
describe('an interrupted online migration (postgresql)', () => {
  let db: TestDatabase;
  let app: MigratingApp | undefined;
  let writer: Client | undefined;

  before(async function () {
    db = (await createTestDatabase('postgresql'))!;
    skipOnEmbedded(this, db, 'the test cancels a build from another session');
  });
  after(async () => {
    if (app) await closeApp(app);
    await writer?.end();
    await db?.drop();
  });

  async function withModels(models: ModelSpec[]): Promise<MigratingApp> {
    if (app) await closeApp(app);
    app = buildApp(MigratingApp, {db: db.dataSourceConfig}, models);
    return app;
  }

  async function indexValidity(): Promise<boolean[]> {
    const rows = await db.query<{valid: boolean}>(
      `SELECT x.indisvalid AS valid FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
        WHERE i.relname = 'note_title_idx'`,
    );
    return rows.map(r => r.valid);
  }

  /** The pid of the index build once it waits for the open writer. */
  async function waitingBuild(): Promise<number> {
    for (let i = 0; i < 200; i++) {
      const [row] = await db.query<{pid: number}>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'CREATE INDEX CONCURRENTLY%'
            AND wait_event_type = 'Lock'`,
      );
      if (row) return row.pid;
      await setTimeout(50);
    }
    throw new Error('the index build never started waiting');
  }

  it('leaves an INVALID index when a CONCURRENTLY build is cancelled, and the next run rebuilds it', async () => {
    await migrateSchemaWithReport(await withModels([note(false)]));
    await db.query(
      "INSERT INTO note (title) SELECT 't' || n FROM generate_series(1, 5000) AS n",
    );
    // A writer's open transaction keeps the build waiting (it waits for
    // every transaction that writes the table to end), so that it is
    // surely running when it is cancelled.
    writer = new Client({...serverSettings('postgresql'), database: db.name});
    await writer.connect();
    await writer.query('BEGIN');
    await writer.query("INSERT INTO note (title) VALUES ('open')");

    const running = rejection(
      migrateSchemaWithReport(await withModels([note(true)])),
    );
    const pid = await waitingBuild();
    await db.query('SELECT pg_cancel_backend($1)', [pid]);
    await writer.query('COMMIT');
    const error = await running;
    expect(error).to.be.instanceOf(MigrationFailedError);
    expect(error.message).to.match(/canceling statement due to user request/);
    expect(error.message).to.match(
      /CREATE INDEX CONCURRENTLY "note_title_idx"/,
    );
    expect(error.message).to.match(/run the migration again to complete it/);
    expect(await indexValidity()).to.eql([false]);

    const target = await withModels([note(true)]);
    const plan = await target.planSchemaMigration();
    const shown = (s: PlannedStatement) => `${s.phase}: ${s.sql}`;
    expect(plan.dataSources[0].statements.map(shown)).to.eql([
      'no-transaction: DROP INDEX CONCURRENTLY IF EXISTS "public"."note_title_idx"',
      'no-transaction: CREATE INDEX CONCURRENTLY note_title_idx ON public.note USING btree (title)',
    ]);
    // The left-over work is the model's, judged on its table as any other.
    const {statements} = plan.dataSources[0];
    expect(statements.map(s => [s.model, s.lock, s.scansTable])).to.eql([
      ['Note', 'none', false],
      ['Note', 'none', true],
    ]);
    const report = await migrateSchemaWithReport(target);
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await indexValidity()).to.eql([true]);
    const again = await migrateSchemaWithReport(target);
    expect(again.dataSources[0].status).to.equal('up-to-date');
    // The sessions the migration gave back to the app's pool carry none of
    // its settings (the tag that goes with its lifted statement_timeout).
    const tagged = await db.query(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
      [MIGRATION_APPLICATION_NAME],
    );
    expect(tagged).to.eql([]);
  });

  it('stops before the next online statement when the lock is lost during one, saying what stays applied', async () => {
    await db.query('DROP TABLE IF EXISTS note');
    await migrateSchemaWithReport(await withModels([note(false, 'plain')]));
    await db.query(
      "INSERT INTO note (title, body) SELECT 't' || n, 'b' || n FROM generate_series(1, 5000) AS n",
    );
    // The open writer keeps the first build waiting, as above.
    await writer?.end();
    writer = new Client({...serverSettings('postgresql'), database: db.name});
    await writer.connect();
    await writer.query('BEGIN');
    await writer.query("INSERT INTO note (title) VALUES ('open')");

    const target = await withModels([note(true, 'indexed')]);
    const plan = await target.planSchemaMigration();
    const [first, second] = plan.dataSources[0].statements.map(s => s.sql);
    const running = rejection(migrateSchemaWithReport(target));
    await waitingBuild();
    await terminateSession(db, (await lockHolderId(db))!);
    await writer.query('COMMIT');
    const error = await running;

    // Found right after the build that ran without it: the next one never ran.
    expect(error).to.be.instanceOf(MigrationLockLostError);
    expect(error.message).to.containEql(
      `found it after applying the statement: ${first}, which ran to its end, and stopped there`,
    );
    expect(error.message).to.match(
      /That statement and the 0 before it were applied and stay applied/,
    );
    expect(error.message).to.match(
      /Nothing else of this run was applied before\./,
    );
    expect(error.message).not.to.match(/applied nothing before/);
    const built = await db.query<{name: string}>(
      "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'note' AND indexname <> 'note_pkey'",
    );
    expect(built.map(r => r.name)).to.eql([
      first.match(/"?(note_\w+_idx)"?/)![1],
    ]);

    const report = await migrateSchemaWithReport(
      await withModels([note(true, 'indexed')]),
    );
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(report.dataSources[0].statements.map(s => s.sql)).to.eql([second]);
  });

  it('fails with MigrationLockLostError when the lock is lost during the last online statement, which stays applied', async () => {
    await db.query('DROP TABLE IF EXISTS note');
    await migrateSchemaWithReport(await withModels([note(false)]));
    await db.query(
      "INSERT INTO note (title) SELECT 't' || n FROM generate_series(1, 5000) AS n",
    );
    await writer?.end();
    writer = new Client({...serverSettings('postgresql'), database: db.name});
    await writer.connect();
    await writer.query('BEGIN');
    await writer.query("INSERT INTO note (title) VALUES ('open')");

    const running = rejection(
      migrateSchemaWithReport(await withModels([note(true)])),
    );
    await waitingBuild();
    await terminateSession(db, (await lockHolderId(db))!);
    await writer.query('COMMIT');
    const error = await running;

    // The build ran to its end, its lock gone: the run says so.
    expect(error).to.be.instanceOf(MigrationLockLostError);
    expect(error.message).to.match(
      /found it after applying the statement: CREATE INDEX CONCURRENTLY "note_title_idx" .* which ran to its end/,
    );
    expect(error.message).to.match(
      /That statement and the 0 before it were applied and stay applied/,
    );
    expect(await indexValidity()).to.eql([true]);
    const again = await migrateSchemaWithReport(await withModels([note(true)]));
    expect(again.dataSources[0].status).to.equal('up-to-date');
  });

  it('validates a foreign key an interrupted run left NOT VALID, and drops its left-over NOT NULL check', async () => {
    const models = (): ModelSpec[] => [
      {
        name: 'Shelf',
        properties: {id: {type: 'number', id: true, generated: true}},
      },
      {
        name: 'Item',
        properties: {
          id: {type: 'number', id: true, generated: true},
          shelfId: {type: 'number', required: true},
        },
        settings: {
          foreignKeys: {
            fk_item_shelf: {
              name: 'fk_item_shelf',
              entity: 'Shelf',
              entityKey: 'id',
              foreignKey: 'shelfId',
            },
          },
        },
      },
    ];
    await migrateSchemaWithReport(await withModels(models()));
    await db.query('INSERT INTO shelf DEFAULT VALUES');
    await db.query('INSERT INTO item (shelfid) VALUES (1), (1)');
    // What a run stopped after its transaction leaves: the foreign key
    // NOT VALID, and (stopped after SET NOT NULL) the check standing in
    // for NOT NULL.
    await db.query('ALTER TABLE item DROP CONSTRAINT fk_item_shelf');
    await db.query(
      'ALTER TABLE item ADD CONSTRAINT fk_item_shelf FOREIGN KEY (shelfid) REFERENCES shelf(id) NOT VALID',
    );
    await db.query(
      'ALTER TABLE item ADD CONSTRAINT lsm_nn_shelfid CHECK (shelfid IS NOT NULL) NOT VALID',
    );
    const target = await withModels(models());
    const plan = await target.planSchemaMigration();
    expect(
      plan.dataSources[0].statements.map(s => `${s.phase}: ${s.sql}`),
    ).to.eql([
      'own-transaction: ALTER TABLE "public"."item" DROP CONSTRAINT IF EXISTS "lsm_nn_shelfid"',
      'own-transaction: ALTER TABLE "public"."item" VALIDATE CONSTRAINT "fk_item_shelf"',
    ]);
    await migrateSchemaWithReport(target);
    const left = await db.query(
      `SELECT conname, convalidated FROM pg_constraint
        WHERE conrelid = 'item'::regclass AND contype IN ('f', 'c')`,
    );
    expect(left).to.eql([{conname: 'fk_item_shelf', convalidated: true}]);
    expect(
      (await migrateSchemaWithReport(target)).dataSources[0].status,
    ).to.equal('up-to-date');
  });
});
