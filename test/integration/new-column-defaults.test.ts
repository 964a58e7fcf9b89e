import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {migrateSchemaWithReport, type SchemaMigrationReport} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';

type Properties = Record<string, PropertyDefinition>;

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};
const TITLE: PropertyDefinition = {type: 'string'};

/** New required properties, each with a default of its kind. */
const DEFAULTED: Properties = {
  label: {type: 'string', required: true, default: "it's \\ none"},
  rank: {type: 'number', required: true, default: 7},
  done: {type: 'boolean', required: true, default: true},
};

interface ColumnDefault {
  column: string;
  type: string;
  nullable: string;
  default: string | null;
}

/** Each column of a table with its type, nullability and database default. */
async function columnDefaults(
  db: TestDatabase,
  table: string,
): Promise<ColumnDefault[]> {
  const rows = await db.query<ColumnDefault>(
    db.kind === 'postgresql'
      ? `SELECT column_name AS "column", data_type AS "type", is_nullable AS "nullable",
                column_default AS "default"
           FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1
          ORDER BY ordinal_position`
      : `SELECT COLUMN_NAME AS \`column\`, COLUMN_TYPE AS \`type\`, IS_NULLABLE AS nullable,
                COLUMN_DEFAULT AS \`default\`
           FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND lower(TABLE_NAME) = ?
          ORDER BY ORDINAL_POSITION`,
    [table],
  );
  // The id's sequence is named after its table.
  return rows.map(r => ({
    ...r,
    column: r.column.toLowerCase(),
    default: r.default?.replace(`${table}_id_seq`, '<table>_id_seq') ?? null,
  }));
}

describeEachDatabase('a new required property with a default', (db, kind) => {
  const apps: MigratingApp[] = [];
  const mysql = kind === 'mysql';

  function app(name: string, properties: Properties): MigratingApp {
    const made = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      {name, properties: {id: ID, ...properties}},
    ]);
    apps.push(made);
    return made;
  }

  /** `Note` with two rows, made by the model without `properties`. */
  async function noteWithRows(): Promise<void> {
    await migrateSchemaWithReport(app('Note', {title: TITLE}));
    await db().query(
      'INSERT INTO ' +
        (mysql ? '`Note`' : 'note') +
        " (title) VALUES ('a'), ('b')",
    );
  }

  async function rows(): Promise<Record<string, unknown>[]> {
    return db().query(`SELECT * FROM ${mysql ? '`Note`' : 'note'} ORDER BY id`);
  }

  beforeEach(() => dropAllTables(db()));
  afterEach(async () => {
    for (const made of apps.splice(0)) await closeApp(made);
  });

  it("gives the rows a table holds the model's default, and runs exactly the dry run's statements", async () => {
    await noteWithRows();
    const target = app('Note', {title: TITLE, ...DEFAULTED});
    const plan = await target.planSchemaMigration();
    const planned = plan.dataSources[0].statements;
    expect(planned.some(s => s.willFail)).to.be.false();
    expect(planned.some(s => s.destructive)).to.be.false();
    expect(plan.dataSources[0].warnings).to.eql([]);

    const report = await migrateSchemaWithReport(target);
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(report.dataSources[0].statements.map(s => s.sql)).to.eql(
      planned.map(s => s.sql),
    );
    const stored = (await rows()).map(r => [r.label, Number(r.rank), r.done]);
    expect(stored).to.eql([
      ["it's \\ none", 7, mysql ? 1 : true],
      ["it's \\ none", 7, mysql ? 1 : true],
    ]);
  });

  it('leaves the catalog a fresh create of the model makes', async () => {
    await noteWithRows();
    await migrateSchemaWithReport(app('Note', {title: TITLE, ...DEFAULTED}));
    await migrateSchemaWithReport(app('Fresh', {title: TITLE, ...DEFAULTED}));
    const altered = await columnDefaults(db(), 'note');
    expect(altered).to.eql(await columnDefaults(db(), 'fresh'));
    if (mysql) {
      // No default is left: the app writes the value, as on a fresh table.
      const added = altered.filter(c => c.column in DEFAULTED);
      expect(added.map(c => [c.column, c.default])).to.eql([
        ['label', null],
        ['rank', null],
        ['done', null],
      ]);
      // An app still on the old model writes no label: refused (strict
      // mode), as by a table made with the column.
      await expect(
        db().query("INSERT INTO `Note` (title) VALUES ('old')"),
      ).to.be.rejectedWith(/Field 'label' doesn't have a default value/);
    }
  });

  it('is up to date on the next run', async () => {
    await noteWithRows();
    await migrateSchemaWithReport(app('Note', {title: TITLE, ...DEFAULTED}));
    const again = app('Note', {title: TITLE, ...DEFAULTED});
    const fast = await migrateSchemaWithReport(again);
    expect(fast.dataSources[0].status).to.equal('up-to-date');
    const full = await migrateSchemaWithReport(again, {fullCheck: true});
    expect(full.dataSources[0].statements).to.eql([]);
  });

  if (!mysql)
    it("keeps the connector's statement: the model's default is the column's database default, no rewrite", async () => {
      await noteWithRows();
      const plan = await app('Note', {
        title: TITLE,
        label: DEFAULTED.label,
      }).planSchemaMigration();
      expect(plan.dataSources[0].statements).to.have.length(1);
      expect(plan.dataSources[0].statements[0]).to.containDeep({
        // The connector's escaping: an E'' string, backslash doubled.
        sql: `ALTER TABLE "public"."note" ADD COLUMN "label" TEXT NOT NULL DEFAULT  E'it''s \\\\ none'`,
        lock: 'brief',
        rewritesTable: false,
      });
    });

  if (mysql) {
    it('adds the column with the default, then drops the default: two INSTANT statements, marking the column in between', async () => {
      await noteWithRows();
      const label = {label: DEFAULTED.label};
      const plan = await app('Note', {
        title: TITLE,
        ...label,
      }).planSchemaMigration();
      const [add, drop] = plan.dataSources[0].statements;
      expect(plan.dataSources[0].statements).to.have.length(2);
      // The ADD marks the column first, the drop forgets the mark: a run
      // stopped in between leaves the next run the drop of the default.
      const mark = `CONCAT('filled-column-default ', JSON_ARRAY(DATABASE(), 'Note', 'label'))`;
      expect(add.sql).to.startWith(
        "BEGIN NOT ATOMIC\nIF NOT EXISTS (SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'schema_migration_state') THEN CREATE TABLE IF NOT EXISTS",
      );
      expect(add.sql).to.containEql(
        `VALUES (${mark}, '', '', '[]', UTC_TIMESTAMP(3))`,
      );
      expect(add.sql).to.endWith(
        ";\nALTER TABLE `Note` ADD COLUMN `label` VARCHAR(512) NOT NULL DEFAULT 'it''s \\\\ none', ALGORITHM=INSTANT;\nEND",
      );
      expect(drop.sql).to.equal(
        'BEGIN NOT ATOMIC\nALTER TABLE `Note` ALTER COLUMN `label` DROP DEFAULT, ALGORITHM=INSTANT;\n' +
          `DELETE FROM \`schema_migration_state\` WHERE state_key IN (${mark});\nEND`,
      );
      expect(drop.reason).to.match(/drops the database default that gave/);
      for (const s of [add, drop]) {
        expect(s).to.containDeep({lock: 'brief', rewritesTable: false});
      }
      const offline = await app('Note', {
        title: TITLE,
        ...label,
      }).planSchemaMigration({online: false});
      const [plainAdd, plainDrop] = offline.dataSources[0].statements;
      expect(offline.dataSources[0].statements).to.have.length(2);
      expect(plainAdd.sql).to.endWith(
        ";\nALTER TABLE `Note` ADD COLUMN `label` VARCHAR(512) NOT NULL DEFAULT 'it''s \\\\ none';\nEND",
      );
      expect(plainDrop.sql).to.startWith(
        'BEGIN NOT ATOMIC\nALTER TABLE `Note` ALTER COLUMN `label` DROP DEFAULT;\n',
      );
    });

    it("keeps the connector's statement and warns where the default is no literal that fits", async () => {
      await noteWithRows();
      const target = app('Note', {
        title: TITLE,
        // Too long for its VARCHAR(3); a date juggler reads as "now".
        code: {
          type: 'string',
          required: true,
          default: 'toolong',
          mysql: {dataType: 'varchar', dataLength: 3},
        },
        seen: {type: 'date', required: true, default: '$now'},
      });
      const plan = await target.planSchemaMigration();
      // The connector's own text, line break included.
      expect(plan.dataSources[0].statements.map(s => s.sql)).to.eql([
        'ALTER TABLE `Note` ADD COLUMN `code` VARCHAR(3) NOT NULL,\nADD COLUMN `seen` DATETIME NOT NULL, ALGORITHM=INSTANT',
      ]);
      const warnings = plan.dataSources[0].warnings.join('\n');
      expect(warnings).to.match(
        /adds column "code" NOT NULL without a default to "Note", which holds 2 rows: MySQL fills them with the type's zero value \('', 0 or a zero date\), not the property's default/,
      );
      expect(warnings).to.match(/adds column "seen" NOT NULL/);
      const report: SchemaMigrationReport =
        await migrateSchemaWithReport(target);
      expect(report.dataSources[0].status).to.equal('migrated');
      expect((await rows()).map(r => r.code)).to.eql(['', '']);
    });
  }
});
