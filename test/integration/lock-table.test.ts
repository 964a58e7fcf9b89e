import {expect} from '@loopback/testlab';
import {
  migrateSchemaWithReport,
  MigrationFailedError,
  type SchemaMigrationReport,
} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {createTestDatabase, type TestDatabase} from '../support/databases';
import {rejection} from '../support/rejection';
import {chainedModels} from '../support/schemas';
import {postgresqlLockTable} from '../../src/dialects/postgresql/lock-table';
import type {ModelSpec} from '../support/app-builder';

/**
 * PostgreSQL keeps every object a transaction creates locked until it ends,
 * in a lock table of max_locks_per_transaction × (max_connections +
 * max_prepared_transactions) entries shared by the server. A plan that
 * creates more tables than that allows (each of these locks ~15 entries)
 * runs in several transactions instead of failing "out of shared memory"
 * where LoopBack's own autoupdate, a statement at a time, works.
 */
describe('a plan larger than the lock table (postgresql)', function () {
  this.timeout(180_000);
  let db: TestDatabase | undefined;
  let count = 0;

  before(async function () {
    db = await createTestDatabase('postgresql');
    if (!db) return this.skip();
    const [row] = await db.query<{entries: string}>(
      `SELECT current_setting('max_locks_per_transaction')::int *
              (current_setting('max_connections')::int
               + current_setting('max_prepared_transactions')::int) AS entries`,
    );
    // Enough tables that even an exact count needs a second transaction.
    count = Math.ceil(Number(row.entries) / 12) + 20;
  });
  after(() => db?.drop());
  beforeEach(async () => {
    await db!.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  });

  async function migrate(
    dryRun = false,
    models: ModelSpec[] = chainedModels(count),
  ): Promise<SchemaMigrationReport> {
    const app = buildApp(MigratingApp, {db: db!.dataSourceConfig}, models);
    try {
      // Plain forms: a plan's statements, all in its transaction.
      return await migrateSchemaWithReport(app, {dryRun, online: false});
    } finally {
      await closeApp(app);
    }
  }

  async function tables(): Promise<number> {
    const [row] = await db!.query<{n: string}>(
      `SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'
         AND tablename LIKE 'model%'`,
    );
    return Number(row.n);
  }

  /** The lock-table entries each statement takes, run in a rolled-back transaction. */
  async function measured(sqls: readonly string[]): Promise<number[]> {
    const held = async () => {
      const [row] = await db!.query<{n: string}>(
        'SELECT count(*) AS n FROM pg_locks WHERE pid = pg_backend_pid() AND NOT fastpath',
      );
      return Number(row.n);
    };
    const entries: number[] = [];
    await db!.query('BEGIN');
    try {
      for (const sql of sqls) {
        const before = await held();
        await db!.query(sql);
        entries.push((await held()) - before);
      }
    } finally {
      await db!.query('ROLLBACK');
    }
    return entries;
  }

  it('counts at least the entries each kind of statement takes', async () => {
    const chain = chainedModels(3, {extraProperty: 'indexed'});
    const create = (await migrate(true, chain)).dataSources[0].statements;
    await migrate(false, chain);
    const [first, second, third] = chain;
    const changed: ModelSpec[] = [
      first,
      {
        ...second,
        properties: {
          ...second.properties,
          score: {type: 'string'},
          unique: {type: 'number', index: {unique: true}},
        },
      },
      {...third, properties: {...third.properties, extra: {type: 'number'}}},
    ];
    const alter = (await migrate(true, changed)).dataSources[0].statements;
    expect(alter.some(s => /\bTYPE\b/.test(s.sql))).to.be.true();
    await db!.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    const sqls = create.map(s => s.sql);
    const creates = await measured(sqls);
    await migrate(false, chain);
    const alters = await measured(alter.map(s => s.sql));
    const all = [...sqls, ...alter.map(s => s.sql)];
    // The first statement of each measured transaction also takes the
    // transaction's own entries.
    const {perTransaction} = postgresqlLockTable;
    const counted = all.map(
      (sql, i) =>
        postgresqlLockTable.entries(sql) +
        (i === 0 || i === sqls.length ? perTransaction : 0),
    );
    const taken = [...creates, ...alters];
    for (const [i, sql] of all.entries()) {
      expect({sql, counted: counted[i] >= taken[i]}).to.deepEqual({
        sql,
        counted: true,
      });
    }
    // Generous, not wildly so: at most three times what the plan took.
    const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
    expect(sum(counted)).to.be.lessThanOrEqual(3 * sum(taken));
  });

  it('plans several transactions, says why, and builds the whole schema', async () => {
    const planned = (await migrate(true)).dataSources[0];
    const numbers = planned.statements.map(s => s.transaction);
    expect(numbers.every(n => n !== undefined)).to.be.true();
    expect(numbers).to.deepEqual([...numbers].sort((a, b) => a! - b!));
    expect(numbers[0]).to.equal(1);
    expect(numbers[numbers.length - 1]).to.be.greaterThan(1);
    expect(planned.warnings.join('\n')).to.match(
      /more than the server's lock table holds \(\d+ = max_locks_per_transaction \d+/,
    );

    const migrated = (await migrate()).dataSources[0];
    expect(migrated.status).to.equal('migrated');
    expect(migrated.statements.map(s => s.transaction)).to.deepEqual(numbers);
    expect(await tables()).to.equal(count);
    expect((await migrate()).dataSources[0].status).to.equal('up-to-date');
  });

  it('rolls back only the failing transaction; the next run completes the schema', async () => {
    // An event trigger refuses the last table (no prediction sees it): its
    // CREATE TABLE fails.
    await db!.query(
      `CREATE FUNCTION refuse_last_table() RETURNS event_trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands()
                     WHERE object_identity = 'public.model${count}') THEN
           RAISE EXCEPTION 'not today';
         END IF;
       END $$`,
    );
    await db!.query(
      `CREATE EVENT TRIGGER refuse_last_table ON ddl_command_end
         WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION refuse_last_table()`,
    );
    const err = await rejection(migrate());
    expect(err).to.be.instanceOf(MigrationFailedError);
    const failure = err as MigrationFailedError;
    expect(failure.model).to.equal(`Model${count}`);
    expect(failure.message).to.match(
      /This transaction was rolled back; the \d+ statement\(s\) of the plan's earlier transactions were committed/,
    );
    // What the earlier transactions made is there, the failing one's is not.
    const made = await tables();
    expect(made).to.be.greaterThan(0);
    expect(made).to.be.lessThan(count);
    expect(
      failure.applied.filter(s => /^CREATE TABLE/i.test(s.sql)),
    ).to.have.length(made);

    await db!.query('DROP EVENT TRIGGER refuse_last_table');
    const rest = (await migrate()).dataSources[0];
    expect(rest.status).to.equal('migrated');
    expect(await tables()).to.equal(count);
    expect((await migrate()).dataSources[0].status).to.equal('up-to-date');
  });
});
