import {expect} from '@loopback/testlab';
import {setTimeout as sleep} from 'node:timers/promises';
import {Client} from 'pg';
import {migrateSchemaWithReport} from '../../src';
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

const ID = {type: 'number', id: true, generated: true} as const;

/** Other gets an index (built CONCURRENTLY first), Item a NOT NULL. */
function models(after: boolean): ModelSpec[] {
  return [
    {
      name: 'Other',
      properties: {id: ID, name: {type: 'string', index: after || undefined}},
    },
    {
      name: 'Item',
      properties: {id: ID, category: {type: 'string', required: after}},
    },
  ];
}

/**
 * PostgreSQL: the statements of online phases that run in a transaction of
 * their own and take ACCESS EXCLUSIVE (`SET NOT NULL`, the drop of the
 * check that stood in for it) wait for a table lock no longer than the
 * plan's transaction does (README, "Never queue the app behind a
 * migration"): otherwise the app's queries of the table queue behind one
 * that waits for an app transaction, for as long as that lasts.
 */
describe('lock waits of online phases (postgresql)', () => {
  let db: TestDatabase;
  const clients: Client[] = [];
  let app: MigratingApp | undefined;

  before(async function () {
    db = (await createTestDatabase('postgresql'))!;
    skipOnEmbedded(this, db, 'needs sessions holding locks');
  });
  after(async () => {
    for (const c of clients.splice(0)) await c.end();
    if (app) await closeApp(app);
    await db?.drop();
  });

  async function session(): Promise<Client> {
    const client = new Client({
      ...serverSettings('postgresql'),
      database: db.name,
    });
    await client.connect();
    clients.push(client);
    return client;
  }

  async function buildWaitingForSnapshot(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const rows = await db.query(
        `SELECT 1 FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE '%CREATE INDEX CONCURRENTLY%'
            AND wait_event_type = 'Lock'`,
      );
      if (rows.length > 0) return;
      await sleep(50);
    }
    throw new Error('the index build never waited');
  }

  it("retries SET NOT NULL after a back-off rather than queue the app's reads behind it", async () => {
    const before = buildApp(MigratingApp, {db: db.dataSourceConfig}, [
      ...models(false),
    ]);
    await migrateSchemaWithReport(before);
    await closeApp(before);
    await db.query(
      "INSERT INTO item (category) SELECT 'c' || n FROM generate_series(1, 100) AS n",
    );
    // An old snapshot keeps the CONCURRENTLY build of Other's index (the
    // first online phase) waiting, touching no table.
    const old = await session();
    await old.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await old.query('SELECT 1');
    app = buildApp(MigratingApp, {db: db.dataSourceConfig}, models(true));
    const running = migrateSchemaWithReport(app);
    await buildWaitingForSnapshot();
    // Meanwhile the app opens a transaction on Item, held for 4 s...
    const holder = await session();
    await holder.query('BEGIN');
    await holder.query('SELECT count(*) FROM item');
    const released = sleep(4_000).then(() => holder.query('COMMIT'));
    // ... and the build finishes: Item's NOT NULL steps come next.
    await old.query('COMMIT');
    const reader = await session();
    const reads: number[] = [];
    let done = false;
    void released.then(() => (done = true));
    while (!done) {
      const started = performance.now();
      await reader.query('SELECT count(*) FROM item');
      reads.push(performance.now() - started);
      await sleep(20);
    }
    const report = await running;
    expect(report.dataSources[0].status).to.equal('migrated');
    // Without the limit a read would wait for most of the 4 s.
    expect(Math.max(...reads)).to.be.below(2_500);
    expect(report.dataSources[0].warnings.join('\n')).to.match(
      /attempt\(s\) waited the longest allowed/,
    );
    const [column] = await db.query<{nullable: string}>(
      "SELECT is_nullable AS nullable FROM information_schema.columns WHERE table_name = 'item' AND column_name = 'category'",
    );
    expect(column.nullable).to.equal('NO');
  });
});
