import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {migrateSchemaWithReport, runMigrationCli} from '../../src';
import {DriverQueryCounter} from '../../bench/counters';
import {
  buildApp,
  closeApp,
  MigratingApp,
  StockApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase, type TestDatabase} from '../support/databases';

/** `Ticket` (table `ticket`) with its id declared as `id`. */
const ticket = (id: PropertyDefinition): ModelSpec => ({
  name: 'Ticket',
  properties: {id, title: {type: 'string'}},
  settings: {mysql: {table: 'ticket'}},
});

/** `Counter` (table `counter`), whose id is a generated number. */
const COUNTER: ModelSpec = {
  name: 'Counter',
  properties: {
    id: {type: 'number', id: true, generated: true},
    total: {type: 'number'},
  },
  settings: {mysql: {table: 'counter'}},
};

/**
 * `Ticket` with the id `lb4 model` writes when asked "Is id generated
 * automatically?".
 */
const stringTicket = ticket({type: 'string', id: true, generated: true});

const idWarnings = (warnings: readonly string[]) =>
  warnings.filter(w => /property id: generated: true/.test(w));

/** The warning for the existing `ticket` table's id column without a default. */
function expectedWarning(db: TestDatabase): string {
  return db.kind === 'postgresql'
    ? 'model Ticket, property id: generated: true on a TEXT column, which ' +
        'loopback-connector-postgresql cannot generate (only INTEGER, as SERIAL, ' +
        'and postgresql.dataType \'uuid\'), and column "id" of table ' +
        '"public"."ticket" has no default: every create without an id is refused ' +
        '("null value in column "id" violates not-null constraint"). Declare ' +
        "generated: false with defaultFn: 'uuidv4' (the app makes each id), or give " +
        "the column a default in a migration script with runs = 'before-schema' " +
        '(DEFAULT gen_random_uuid()::text for a string id)'
    : 'model Ticket, property id: generated: true on a VARCHAR(255) column, which ' +
        'MySQL cannot generate (only an integer id gets AUTO_INCREMENT), and column ' +
        '"id" of table "ticket" has no default: every create without an id is ' +
        "refused (\"Field 'id' doesn't have a default value\"). Declare generated: " +
        "false with defaultFn: 'uuidv4' (the app makes each id), or give the column " +
        "a default in a migration script with runs = 'before-schema' (DEFAULT " +
        '(uuid()) for a string id)';
}

// A table made before this package ran (by stock migrateSchema(), or by
// loopback-connector-postgresql before 8.0, which make a generated string id
// without a default) was reported up to date in silence, while every create
// of the app was refused.
describeEachDatabase('a generated id of an existing table', (db, kind) => {
  const counter = new DriverQueryCounter();
  before(() => counter.install());
  after(() => counter.uninstall());
  beforeEach(() => dropAllTables(db()));

  /**
   * Make the tables of `models` as stock makes them, but a PostgreSQL
   * `ticket` with a string id: connector 8.x cannot write it (see
   * postgresql-ungenerated-ids); it is made as 7.x, and stock with it, made
   * it.
   */
  async function stockTables(models: readonly ModelSpec[]): Promise<void> {
    if (kind === 'postgresql' && models.includes(stringTicket)) {
      await db().query(
        'CREATE TABLE ticket (id TEXT NOT NULL, title TEXT, PRIMARY KEY (id))',
      );
      models = models.filter(m => m !== stringTicket);
    }
    const app = buildApp(StockApp, {db: db().dataSourceConfig}, models);
    try {
      await app.migrateSchema();
    } finally {
      await closeApp(app);
    }
  }

  /**
   * Migrate an app declaring `models` twice, each time as a new process:
   * the first run plans in full, the second answers from the fingerprint
   * (one round trip). Both must be up to date with the same id warnings,
   * which are returned; `--check` exits 0 after them, printing them.
   */
  async function twoRuns(models: readonly ModelSpec[]): Promise<string[]> {
    const found: string[][] = [];
    for (const fastPath of [false, true]) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
      try {
        counter.start();
        const report = await migrateSchemaWithReport(app);
        const {roundTrips} = counter.stop();
        if (fastPath) expect(roundTrips).to.equal(1);
        else expect(roundTrips).to.be.above(2);
        expect(report.dataSources[0]).to.containDeep({
          status: 'up-to-date',
          statements: [],
        });
        found.push(idWarnings(report.dataSources[0].warnings));
      } finally {
        counter.stop();
        await closeApp(app);
      }
    }
    expect(found[1]).to.eql(found[0]);
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    try {
      const io = captureIo();
      expect(await runMigrationCli(() => app, ['--check'], io)).to.equal(0);
      for (const warning of found[0]) expect(io.out()).to.containEql(warning);
    } finally {
      await closeApp(app);
    }
    return found[0];
  }

  it('warns when its column has no default, in the full plan and on the fast path', async () => {
    await stockTables([stringTicket]);
    expect(await twoRuns([stringTicket])).to.eql([expectedWarning(db())]);
    // What the warning says: a create without an id is refused.
    await expect(
      db().query("INSERT INTO ticket (title) VALUES ('a')"),
    ).to.be.rejectedWith(
      kind === 'postgresql'
        ? /null value in column "id" .*violates not-null constraint/
        : /Field 'id' doesn't have a default value/,
    );
  });

  it('says nothing while the column has a default of its own, and warns once it is dropped', async () => {
    const pg = kind === 'postgresql';
    await db().query(
      pg
        ? 'CREATE TABLE ticket (id TEXT NOT NULL DEFAULT gen_random_uuid()::text, ' +
            'title TEXT, PRIMARY KEY (id))'
        : 'CREATE TABLE ticket (id VARCHAR(255) NOT NULL DEFAULT (uuid()), ' +
            'title VARCHAR(512), PRIMARY KEY (id))',
    );
    expect(await twoRuns([stringTicket])).to.eql([]);
    await db().query("INSERT INTO ticket (title) VALUES ('a')");
    await db().query('ALTER TABLE ticket ALTER COLUMN id DROP DEFAULT');
    expect(await twoRuns([stringTicket])).to.eql([expectedWarning(db())]);
    // Set again (as the warning says): the warning recorded is not repeated.
    await db().query(
      pg
        ? 'ALTER TABLE ticket ALTER COLUMN id SET DEFAULT gen_random_uuid()::text'
        : 'ALTER TABLE ticket ALTER COLUMN id SET DEFAULT (uuid())',
    );
    expect(await twoRuns([stringTicket])).to.eql([]);
  });

  it('names only the id that cannot be generated: not a generated number id', async () => {
    await stockTables([COUNTER, stringTicket]);
    expect(await twoRuns([COUNTER, stringTicket])).to.eql([
      expectedWarning(db()),
    ]);
    await db().query('INSERT INTO counter (total) VALUES (1)');
  });
});
