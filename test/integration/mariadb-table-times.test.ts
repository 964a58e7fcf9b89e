import {expect} from '@loopback/testlab';
import {setTimeout as sleep} from 'node:timers/promises';
import {migrateSchemaWithReport, type SchemaMigrationReport} from '../../src';
import {DriverQueryCounter} from '../../bench/counters';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {manualChanges, models} from '../support/fingerprint-models';
import {createTestDatabase, type TestDatabase} from '../support/databases';
import {SETTLED_SECONDS} from '../../src/dialects/mysql/table-times';

/** How long a table must stand before its time stands for its catalog, and a second more. */
const SETTLED_MS = (SETTLED_SECONDS + 1) * 1000;

/** Changes by hand beyond a table's columns and keys. */
const TABLE_CHANGES: Record<string, (db: TestDatabase) => Promise<unknown>> = {
  'adds a table': db => db.query('CREATE TABLE manual (id INT PRIMARY KEY)'),
  'drops a table': db => db.query('DROP TABLE `Note`'),
  // Made in the same second, the two tables may have the same time: the
  // renames give them new ones.
  'swaps the names of two tables': db =>
    db.query(
      'RENAME TABLE `Category` TO swap, `Note` TO `Category`, swap TO `Note`',
    ),
  'adds a trigger': db =>
    db.query(
      'CREATE TRIGGER note_manual BEFORE INSERT ON `Note` FOR EACH ROW SET NEW.priority = 1',
    ),
  'changes the row format': db =>
    db.query('ALTER TABLE `Category` ROW_FORMAT = COMPACT'),
};

/**
 * MariaDB's table times (`dialects/mysql/table-times.ts`): once the tables
 * have stood unchanged a few seconds, an up-to-date check reads their
 * times, not the whole catalog, and every change by hand still defeats it.
 * One database per change, all waiting out the same few seconds.
 */
describe('MariaDB: the fast path reads the tables’ times once they settle', function () {
  const counter = new DriverQueryCounter();
  const changes = {
    ...manualChanges('mysql'),
    ...TABLE_CHANGES,
  };
  const databases = new Map<string, TestDatabase>();
  let control: TestDatabase;

  async function run(
    db: TestDatabase,
  ): Promise<{report: SchemaMigrationReport; roundTrips: number}> {
    const app = buildApp(MigratingApp, {db: db.dataSourceConfig}, models());
    try {
      counter.start();
      const report = await migrateSchemaWithReport(app);
      return {report, roundTrips: counter.stop().roundTrips};
    } finally {
      counter.stop();
      await closeApp(app);
    }
  }

  const recordedTimes = async (db: TestDatabase) =>
    (
      await db.query<{times: string | null}>(
        'SELECT catalog_times AS times FROM schema_migration_state',
      )
    )[0].times;

  before(async function () {
    this.timeout(120_000);
    counter.install();
    for (const what of ['control', 'other times', ...Object.keys(changes)]) {
      const db = await createTestDatabase('mysql');
      if (!db) return this.skip();
      if (
        !(await db.query<{v: string}>('SELECT VERSION() AS v'))[0].v.includes(
          'MariaDB',
        )
      ) {
        await db.drop();
        return this.skip();
      }
      databases.set(what, db);
      expect((await run(db)).report.dataSources[0].status).to.equal('migrated');
      // Verified in full, recorded with no times: the tables just changed.
      expect((await run(db)).roundTrips).to.be.above(2);
      expect(await recordedTimes(db)).to.be.null();
      if (what !== 'control') continue;
      // Within the first seconds the full digest answers, and nothing is
      // written (checked at once: making the other databases takes
      // seconds on a loaded machine).
      const early = await run(db);
      expect(early.report.dataSources[0].status).to.equal('up-to-date');
      expect(early.roundTrips).to.equal(1);
      expect(await recordedTimes(db)).to.be.null();
    }
    control = databases.get('control')!;
    await sleep(SETTLED_MS);
    // Settled: the first check answers from the full digest and records the
    // tables' times beside it (a second round trip, once).
    for (const db of databases.values()) {
      const learning = await run(db);
      expect(learning.report.dataSources[0].status).to.equal('up-to-date');
      expect(learning.roundTrips).to.equal(2);
      expect(await recordedTimes(db)).to.match(/^\d+-\d+-\d+$/);
    }
  });

  after(async () => {
    counter.uninstall();
    for (const db of databases.values()) await db.drop();
  });

  it('answers from the tables’ times in one round trip, without computing the digest', async () => {
    // A recorded digest no catalog has: only a read that does not compute
    // the digest can still find it matching.
    await control.query(
      "UPDATE schema_migration_state SET catalog_digest = 'not computed'",
    );
    const next = await run(control);
    expect(next.report.dataSources[0]).to.containDeep({
      status: 'up-to-date',
      statements: [],
    });
    expect(next.roundTrips).to.equal(1);
  });

  it('leaves times recorded elsewhere as they are: the full digest answers', async () => {
    // As another node of a cluster, or a table made again as it was, leaves them.
    const db = databases.get('other times')!;
    await db.query("UPDATE schema_migration_state SET catalog_times = '1-2-3'");
    const next = await run(db);
    expect(next.report.dataSources[0].status).to.equal('up-to-date');
    expect(next.roundTrips).to.equal(1);
    expect(await recordedTimes(db)).to.equal('1-2-3');
  });

  for (const what of Object.keys(changes)) {
    it(`plans in full after a change by hand that ${what}`, async () => {
      const db = databases.get(what)!;
      await changes[what](db);
      await run(db).catch(() => undefined);
      expect(counter.peek().roundTrips).to.be.above(2);
    });
  }
});
