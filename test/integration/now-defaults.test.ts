import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {migrateSchemaWithReport, runMigrationCli} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  StockApp,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {
  describeEachDatabase,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';
import {LIBRARY_MODULE} from '../support/generated-files';

type Properties = Record<string, PropertyDefinition>;

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};
const TITLE: PropertyDefinition = {type: 'string'};
/** LoopBack's documented creation stamp. */
const CREATED: PropertyDefinition = {type: 'date', default: '$now'};
/** The same on a `date` column, required. */
const DAY: PropertyDefinition = {
  type: 'date',
  required: true,
  default: '$now',
  postgresql: {dataType: 'date'},
};

/** The database default of each column of `table` that has one. */
async function columnDefaults(
  db: TestDatabase,
  table: string,
): Promise<Record<string, string>> {
  const rows = await db.query<{column: string; default: string}>(
    db.kind === 'postgresql'
      ? `SELECT a.attname AS "column", pg_get_expr(d.adbin, d.adrelid) AS "default"
           FROM pg_catalog.pg_attrdef d
           JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
          WHERE d.adrelid = $1::regclass AND a.attname <> 'id'`
      : `SELECT COLUMN_NAME AS \`column\`, COLUMN_DEFAULT AS \`default\`
           FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_DEFAULT IS NOT NULL
            AND COLUMN_DEFAULT <> 'NULL'`,
    [table],
  );
  return Object.fromEntries(rows.map(r => [r.column, r.default]));
}

describeEachDatabase("a date property's default: '$now'", (db, kind) => {
  const apps: MigratingApp[] = [];
  const pg = kind === 'postgresql';
  const table = pg ? 'note' : 'Note';

  function app(properties: Properties): MigratingApp {
    const made = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      {name: 'Note', properties: {id: ID, title: TITLE, ...properties}},
    ]);
    apps.push(made);
    return made;
  }

  /** Let the clock move on from the migration before a row is written. */
  const later = () => new Promise(resolve => setTimeout(resolve, 1100));

  /**
   * Insert a row without the stamps, as another client would: the row, and
   * the time of its insert (`inserted`, PostgreSQL).
   */
  async function insertRaw(): Promise<Record<string, unknown>> {
    const [row] = await db().query<Record<string, unknown>>(
      pg
        ? "INSERT INTO note (title) VALUES ('raw') RETURNING *, now() AS inserted"
        : "INSERT INTO `Note` (title) VALUES ('raw') RETURNING *",
    );
    return row;
  }

  beforeEach(() => dropAllTables(db()));
  afterEach(async () => {
    for (const made of apps.splice(0)) await closeApp(made);
  });

  if (pg) {
    it('creates the column DEFAULT now(): a row inserted later gets the time of its insert', async () => {
      const target = app({created: CREATED, day: DAY});
      const plan = await target.planSchemaMigration();
      const report = await migrateSchemaWithReport(target);
      const sql = report.dataSources[0].statements.map(s => s.sql);
      expect(sql).to.eql(plan.dataSources[0].statements.map(s => s.sql));
      expect(sql.join('\n')).to.match(
        /"created" TIMESTAMP WITH TIME ZONE DEFAULT now\(\),\s+"day" DATE NOT NULL DEFAULT now\(\)/,
      );
      expect(await columnDefaults(db(), table)).to.eql({
        created: 'now()',
        day: 'now()',
      });
      await later();
      const row = await insertRaw();
      expect(row.created).to.eql(row.inserted);
      // `day` is the date of the insert: CURRENT_DATE.
      const [{today}] = await db().query<{today: Date}>(
        'SELECT CURRENT_DATE AS today',
      );
      expect(row.day).to.eql(today);
    });

    it('adds the column DEFAULT now() to a table with rows: brief, no rewrite, no back-fill; the rows get the time of the migration', async () => {
      await migrateSchemaWithReport(app({}));
      await db().query("INSERT INTO note (title) VALUES ('old')");
      const target = app({created: CREATED, day: DAY});
      const plan = await target.planSchemaMigration();
      const planned = plan.dataSources[0].statements;
      expect(planned.map(s => s.sql)).to.eql([
        'ALTER TABLE "public"."note" ' +
          'ADD COLUMN "created" TIMESTAMP WITH TIME ZONE DEFAULT now(), ' +
          'ADD COLUMN "day" DATE NOT NULL DEFAULT now()',
      ]);
      expect(planned[0]).to.containDeep({
        lock: 'brief',
        rewritesTable: false,
        scansTable: false,
      });
      expect(planned[0].willFail).to.be.undefined();

      const report = await migrateSchemaWithReport(target);
      expect(report.dataSources[0].statements.map(s => s.sql)).to.eql(
        planned.map(s => s.sql),
      );
      expect(await columnDefaults(db(), table)).to.eql({
        created: 'now()',
        day: 'now()',
      });
      const [old] = await db().query<{created: Date | null}>(
        "SELECT created FROM note WHERE title = 'old'",
      );
      expect(old.created).to.be.instanceOf(Date);
      await later();
      const row = await insertRaw();
      expect(row.created).to.eql(row.inserted);
    });

    it('predicts that a unique index on it fails on a table with two rows: they get the same time', async () => {
      await migrateSchemaWithReport(app({}));
      await db().query("INSERT INTO note (title) VALUES ('a'), ('b')");
      const plan = await app({
        created: {...CREATED, index: {unique: true}},
      }).planSchemaMigration();
      const refused = plan.dataSources[0].statements.filter(s => s.willFail);
      // As PostgreSQL has it (one implicit transaction, rolled back):
      await expect(
        db().query(
          'ALTER TABLE note ADD COLUMN x TIMESTAMPTZ DEFAULT now(); ' +
            'CREATE UNIQUE INDEX note_x ON note (x)',
        ),
      ).to.be.rejectedWith(/could not create unique index/);
      expect(refused.map(s => s.willFail)).to.match([
        /the plan adds "created" with a constant default .*so all 2 rows of "public"\."note" get the same value/,
      ]);
    });

    it('is up to date on the next run, with and without fullCheck', async () => {
      await migrateSchemaWithReport(app({day: DAY}));
      await migrateSchemaWithReport(app({day: DAY, created: CREATED}));
      const again = app({day: DAY, created: CREATED});
      const fast = await migrateSchemaWithReport(again);
      expect(fast.dataSources[0].status).to.equal('up-to-date');
      const full = await migrateSchemaWithReport(again, {fullCheck: true});
      expect(full.dataSources[0].statements).to.eql([]);
    });

    it('keeps an explicit postgresql.dbDefault, and the string on a text column', async () => {
      const target = app({
        stamped: {
          type: 'date',
          default: '$now',
          postgresql: {dbDefault: "'2020-01-01 00:00:00+00'"},
        },
        label: {type: 'string', default: '$now'},
        text: {type: 'date', default: '$now', postgresql: {dataType: 'text'}},
      });
      await migrateSchemaWithReport(target);
      expect(await columnDefaults(db(), table)).to.eql({
        stamped: "'2020-01-01 00:00:00+00'::timestamp with time zone",
        label: "'$now'::text",
        text: "'$now'::text",
      });
    });

    it('gives DEFAULT now() back to the frozen default of a table made by stock LoopBack, in a brief statement, once', async () => {
      const stock = buildApp(StockApp, {db: db().dataSourceConfig}, [
        {name: 'Note', properties: {id: ID, title: TITLE, created: CREATED}},
      ]);
      try {
        await stock.migrateSchema();
      } finally {
        await closeApp(stock);
      }
      const frozen = (await columnDefaults(db(), table)).created;
      expect(frozen).to.match(/^'\d{4}-[^']+'::timestamp with time zone$/);
      await db().query("INSERT INTO note (title) VALUES ('old')");

      const plan = await app({created: CREATED}).planSchemaMigration();
      const [planned, ...others] = plan.dataSources[0].statements;
      expect(others).to.eql([]);
      expect(planned).to.containDeep({
        sql: 'ALTER TABLE "public"."note" ALTER COLUMN "created" SET DEFAULT now()',
        destructive: false,
        lock: 'brief',
        rewritesTable: false,
        scansTable: false,
      });
      expect(planned.reason).to.match(
        /default is the time of an earlier migration/,
      );
      const report = await migrateSchemaWithReport(app({created: CREATED}));
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(await columnDefaults(db(), table)).to.eql({created: 'now()'});
      const [old] = await db().query<{created: Date}>(
        "SELECT created FROM note WHERE title = 'old'",
      );
      expect(old.created.toISOString()).to.equal(
        new Date(frozen.slice(1, frozen.indexOf("'", 1))).toISOString(),
      );
      await later();
      const row = await insertRaw();
      expect(row.created).to.eql(row.inserted);

      const again = await migrateSchemaWithReport(app({created: CREATED}), {
        fullCheck: true,
      });
      expect(again.dataSources[0].statements).to.eql([]);
    });

    it('says on the command line why it sets DEFAULT now() on a table stock made, which no model change asked for', async () => {
      const stock = buildApp(StockApp, {db: db().dataSourceConfig}, [
        {name: 'Note', properties: {id: ID, title: TITLE, created: CREATED}},
      ]);
      try {
        await stock.migrateSchema();
      } finally {
        await closeApp(stock);
      }
      const cli = async (args: string[]) => {
        const io = captureIo();
        const code = await runMigrationCli(
          () => app({created: CREATED}),
          args,
          io,
        );
        return {code, out: io.out()};
      };
      const reason =
        "note: the column's default is the time of an earlier migration";
      const plan = await cli(['--dry-run']);
      expect(plan.code).to.equal(0);
      expect(plan.out).to.containEql(
        `-- ${reason} (the connector wrote the property's default '$now' as a constant`,
      );
      expect(plan.out).to.match(
        /-- note: [^\n]+\nALTER TABLE "public"."note" ALTER COLUMN "created" SET DEFAULT now\(\);/,
      );
      const run = await cli([]);
      expect(run.code).to.equal(0);
      expect(run.out).to.match(
        /\n {4}note: the column's default is the time of an earlier migration [^\n]+: ALTER TABLE "public"."note" ALTER COLUMN "created" SET DEFAULT now\(\)\n/,
      );
    });

    it('renders DEFAULT now() in a generated migration', async function () {
      skipOnEmbedded(
        this,
        db(),
        'an embedded PostgreSQL has one database: the shadow database would be this one',
      );
      await migrateSchemaWithReport(app({}));
      const generated = await app({
        created: CREATED,
      }).generateMigrationScript('stamp-notes', {
        dryRun: true,
        importFrom: LIBRARY_MODULE,
      });
      // Planned on a shadow database made from the scripts: a create.
      expect(
        generated.changes[0].statements.map(s => s.sql).join('\n'),
      ).to.match(/"created" TIMESTAMP WITH TIME ZONE DEFAULT now\(\),/);
    });
  } else {
    it('writes no database default for it: the app stamps its own writes', async () => {
      await migrateSchemaWithReport(app({created: CREATED}));
      expect(await columnDefaults(db(), table)).to.eql({});
      await db().query('DROP TABLE `Note`');
      await migrateSchemaWithReport(app({}));
      await migrateSchemaWithReport(app({created: CREATED}));
      expect(await columnDefaults(db(), table)).to.eql({});
      const row = await insertRaw();
      expect(row.created).to.be.null();
    });

    it("predicts that a unique index on a column added with mysql.default 'now' (CURRENT_TIMESTAMP) fails on a table with two rows", async () => {
      await migrateSchemaWithReport(app({}));
      await db().query("INSERT INTO `Note` (title) VALUES ('a'), ('b')");
      const plan = await app({
        created: {
          type: 'date',
          mysql: {default: 'now'},
          index: {unique: true},
        },
      }).planSchemaMigration();
      const refused = plan.dataSources[0].statements.filter(s => s.willFail);
      expect(refused.map(s => s.willFail)).to.match([
        /the plan adds "created" with a constant default .*so all 2 rows of "Note" get the same value/,
      ]);
    });
  }
});
