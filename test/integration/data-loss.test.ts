import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {
  DataLossError,
  MigrationWillFailError,
  migrateSchemaWithReport,
} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {columns, dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {dataLossRefusal, rejection} from '../support/rejection';

type Properties = Record<string, PropertyDefinition>;

/** A varchar(n) string on both connectors. */
function varchar(
  length: number,
  extra: Partial<PropertyDefinition> = {},
): PropertyDefinition {
  return {
    type: 'string',
    postgresql: {dataType: 'varchar', dataLength: length},
    mysql: {dataType: 'varchar', dataLength: length},
    ...extra,
  };
}

describeEachDatabase('the data-loss guard', db => {
  let app: MigratingApp | undefined;
  const table = () => (db().kind === 'postgresql' ? 'note' : '`Note`');

  /** Build (and remember, for cleanup) an app whose Note model has these properties. */
  async function withNote(properties: Properties): Promise<MigratingApp> {
    if (app) await closeApp(app);
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      {
        name: 'Note',
        properties: {
          id: {type: 'number', id: true, generated: true},
          ...properties,
        },
      },
    ]);
    return app;
  }

  async function insert(
    values: Record<string, string | number | null>,
  ): Promise<void> {
    const names = Object.keys(values);
    const marks = names.map((_, i) =>
      db().kind === 'postgresql' ? `$${i + 1}` : '?',
    );
    await db().query(
      `INSERT INTO ${table()} (${names.join(', ')}) VALUES (${marks.join(', ')})`,
      Object.values(values),
    );
  }

  async function columnNames(): Promise<string[]> {
    return (await columns(db(), 'note')).map(c => c.column);
  }

  beforeEach(() => dropAllTables(db()));
  afterEach(async () => {
    if (app) await closeApp(app);
    app = undefined;
  });

  it('refuses to drop a column that holds data, and changes nothing', async () => {
    await migrateSchemaWithReport(
      await withNote({title: {type: 'string'}, body: {type: 'string'}}),
    );
    await insert({title: 'a', body: 'kept'});
    await insert({title: 'b', body: null});
    const error = await dataLossRefusal(
      migrateSchemaWithReport(await withNote({title: {type: 'string'}})),
    );
    expect(error.code).to.equal('MIGRATION_DATA_LOSS');
    expect(error.message).to.match(
      /model Note, table "(public"\."note|Note)": drops column "body" holding 1 non-null value/,
    );
    expect(error.message).to.match(/Nothing was changed/);
    expect(error.message).to.match(
      /acceptDataLoss: true: migrateSchema\(\{acceptDataLoss: true\}\), or `--accept-data-loss` with a migrate script that uses runMigrationCli \(the src\/migrate\.ts that lb4 generates ignores that flag/,
    );
    expect(error.statements).to.have.length(1);
    expect(error.statements[0]).to.containDeep({
      model: 'Note',
      destructive: true,
    });
    expect(error.statements[0].sql).to.match(/DROP COLUMN/);
    expect(await columnNames()).to.containEql('body');
    const rows = await db().query<{body: string}>(
      `SELECT body FROM ${table()} WHERE body IS NOT NULL`,
    );
    expect(rows.map(r => r.body)).to.eql(['kept']);
  });

  it('drops the column with acceptDataLoss: true', async () => {
    await migrateSchemaWithReport(
      await withNote({title: {type: 'string'}, body: {type: 'string'}}),
    );
    await insert({title: 'a', body: 'gone'});
    const report = await migrateSchemaWithReport(
      await withNote({title: {type: 'string'}}),
      {acceptDataLoss: true},
    );
    expect(
      report.dataSources[0].statements.find(s => s.destructive)?.reason,
    ).to.equal('drops column "body" holding 1 non-null value');
    expect(await columnNames()).to.not.containEql('body');
  });

  it('allows dropping a column that holds no values, and says so', async () => {
    await migrateSchemaWithReport(
      await withNote({title: {type: 'string'}, body: {type: 'string'}}),
    );
    await insert({title: 'a', body: null});
    const report = await migrateSchemaWithReport(
      await withNote({title: {type: 'string'}}),
    );
    const drop = report.dataSources[0].statements.find(s =>
      /DROP COLUMN/i.test(s.sql),
    );
    expect(drop).to.containDeep({
      destructive: false,
      reason: 'drops column "body", which holds no values',
    });
    expect(await columnNames()).to.not.containEql('body');
  });

  it('recognises a renamed property and says how to keep the data', async () => {
    await migrateSchemaWithReport(await withNote({title: {type: 'string'}}));
    await insert({title: 'precious'});
    const error = await dataLossRefusal(
      migrateSchemaWithReport(await withNote({heading: {type: 'string'}})),
    );
    expect(error.message).to.match(
      /looks like a rename of column "title" to "heading"/,
    );
    expect(error.message).to.match(
      new RegExp(`${db().kind}: \\{columnName: 'title'\\}`),
    );
    // Or the column itself is to be renamed: a script does it before the sync.
    expect(error.message).to.match(
      /, or, to rename the column itself, rename it in a migration script with runs = 'before-schema'/,
    );
    // The plan says so too, as the review of a dry run or `--check` sees it.
    const plan = await migrateSchemaWithReport(
      await withNote({heading: {type: 'string'}}),
      {dryRun: true},
    );
    expect(plan.dataSources[0].warnings).to.matchAny(
      /^model Note: this looks like a rename of column "title" to "heading": to keep the data, /,
    );
    expect(await columnNames()).to.eql(['id', 'title']);
  });

  it('says how to keep the data of a renamed required property too, whose refusal is a predicted failure', async () => {
    await migrateSchemaWithReport(await withNote({title: {type: 'string'}}));
    await insert({title: 'precious'});
    const error = await rejection(
      migrateSchemaWithReport(
        await withNote({heading: {type: 'string', required: true}}),
      ),
    );
    // MySQL adds a NOT NULL column over rows (with the type's implicit
    // default): there it is the data-loss refusal, which names the rename.
    if (db().kind === 'postgresql') {
      expect(error).to.be.instanceOf(MigrationWillFailError);
      expect(error.message).to.match(
        /\nAlso:\n {2}- model Note: this looks like a rename of column "title" to "heading"/,
      );
    } else {
      expect(error).to.be.instanceOf(DataLossError);
      expect(error.message).to.match(
        /looks like a rename of column "title" to "heading"/,
      );
    }
    expect(await columnNames()).to.eql(['id', 'title']);
  });

  it('refuses a type change that alters stored values (text to integer)', async () => {
    await migrateSchemaWithReport(await withNote({code: {type: 'string'}}));
    await insert({code: '42'});
    await insert({code: '042'});
    const error = await dataLossRefusal(
      migrateSchemaWithReport(await withNote({code: {type: 'number'}})),
    );
    expect(error.message).to.match(
      /changes column "code" to (INTEGER|INT): 1 stored value would not survive/,
    );
  });

  // 99999999.99 is 100000000.0 in numeric(10,1), which numeric(10,2) cannot
  // hold: read back into it, the comparison failed as a whole, and both
  // values were reported as "cannot be checked".
  it('counts the values a numeric scale shrink changes, one rounded past the old precision too (PostgreSQL)', async function () {
    if (db().kind !== 'postgresql') this.skip();
    const amount = (scale: number): PropertyDefinition => ({
      type: 'number',
      postgresql: {dataType: 'numeric', dataPrecision: 10, dataScale: scale},
    });
    await migrateSchemaWithReport(await withNote({amount: amount(2)}));
    await insert({amount: '1.50'});
    await insert({amount: '99999999.99'});
    const error = await dataLossRefusal(
      migrateSchemaWithReport(await withNote({amount: amount(1)})),
    );
    expect(error.message).to.match(
      /changes column "amount" to NUMERIC\(10,1\): 1 stored value would not survive \(id 2: 99999999\.99 → 100000000\.0\)\n/,
    );
  });

  // The converted value was read back as the old varchar(n), which cuts it
  // to n characters: '12345.00' came back as the '12345' stored, and counted
  // as kept in varchar(5), where '12' counted as lost in varchar(512).
  it('judges a varchar(n) value converted past n characters as lost, whatever n is (PostgreSQL)', async function () {
    if (db().kind !== 'postgresql') this.skip();
    const amount: PropertyDefinition = {
      type: 'number',
      postgresql: {dataType: 'numeric', dataPrecision: 10, dataScale: 2},
    };
    await migrateSchemaWithReport(
      await withNote({short: varchar(5), long: varchar(512)}),
    );
    await insert({short: '12345', long: '12'});
    await insert({short: '1.50', long: '1.50'});
    const error = await dataLossRefusal(
      migrateSchemaWithReport(await withNote({short: amount, long: amount})),
    );
    for (const [column, value] of [
      ['short', "'12345' → 12345.00"],
      ['long', "'12' → 12.00"],
    ])
      expect(error.message).to.containEql(
        `changes column "${column}" to NUMERIC(10,2): 1 stored value would not survive (id 1: ${value})\n`,
      );
  });

  // The closing advice was the one for a dropped column ("keep (or map)
  // the properties in the model") whatever the refused statements did.
  it('says how to keep the data of what it refuses: a type change, a dropped column, both', async () => {
    const keepType =
      "To keep the values a type change would alter, change the property's type back, or " +
      "convert (or fix) the values first, in a migration script with runs = 'before-schema', " +
      'so that the new type holds them. To proceed and lose that data, run again with acceptDataLoss: true';
    const keepColumn =
      'To keep the data of a dropped column, keep (or map) its property in the model.';
    await migrateSchemaWithReport(
      await withNote({code: {type: 'string'}, body: {type: 'string'}}),
    );
    await insert({code: '042', body: 'kept'});

    const typeChange = await dataLossRefusal(
      migrateSchemaWithReport(
        await withNote({code: {type: 'number'}, body: {type: 'string'}}),
      ),
    );
    expect(typeChange.message).to.containEql(`\n${keepType}`);
    expect(typeChange.message).to.not.match(/keep \(or map\)/);

    const both = await dataLossRefusal(
      migrateSchemaWithReport(await withNote({code: {type: 'number'}})),
    );
    expect(both.message).to.containEql(`\n${keepColumn} ${keepType}`);
  });

  it('marks a type change the database would refuse, without calling it data loss', async () => {
    await migrateSchemaWithReport(await withNote({code: {type: 'string'}}));
    await insert({code: '42'});
    await insert({code: '+47 555 1234'});
    const plan = await (
      await withNote({code: {type: 'number'}})
    ).planSchemaMigration();
    const change = plan.dataSources[0].statements.find(s =>
      /code/i.test(s.sql),
    );
    expect(change).to.containDeep({destructive: false});
    expect(change!.willFail).to.match(
      /^1 stored value of column "code"(?: \(id \d+\))? cannot be converted to (INTEGER|INT) \(.*\); the change would fail\. Fix or clear those values first/,
    );
  });

  it('refuses a run whose type change the database would reject, changing nothing', async () => {
    await migrateSchemaWithReport(await withNote({code: {type: 'string'}}));
    await insert({code: 'n1'});
    for (const acceptDataLoss of [false, true]) {
      const error = await rejection(
        migrateSchemaWithReport(await withNote({code: {type: 'number'}}), {
          acceptDataLoss,
        }),
      );
      expect(error).to.be.instanceOf(MigrationWillFailError);
      const {message} = error as MigrationWillFailError;
      expect(message).to.match(
        /model Note, table .*: 1 stored value of column "code"(?: \(id \d+\))? cannot be converted to (INTEGER|INT)/,
      );
      // The database's words name the column, not the copy it was tried on.
      expect(message).to.not.match(/lsm_probe|column 'v'/);
    }
    const [code] = (await columns(db(), 'note')).filter(
      c => c.column === 'code',
    );
    expect(code.type).to.match(/text|varchar/i);
  });

  it('allows a type change every stored value survives', async () => {
    await migrateSchemaWithReport(await withNote({code: {type: 'string'}}));
    await insert({code: '42'});
    const report = await migrateSchemaWithReport(
      await withNote({code: {type: 'number'}}),
    );
    const change = report.dataSources[0].statements.find(s =>
      /code/i.test(s.sql),
    );
    expect(change).to.containDeep({destructive: false});
    expect(change!.reason).to.match(/every stored value converts/);
    const rows = await db().query<{code: number}>(
      `SELECT code FROM ${table()}`,
    );
    expect(rows.map(r => Number(r.code))).to.eql([42]);
  });

  it('reads no row for a widening every value fits (PostgreSQL)', async function () {
    if (db().kind !== 'postgresql') this.skip();
    const int = (dataType: string): PropertyDefinition => ({
      type: 'number',
      postgresql: {dataType},
    });
    await migrateSchemaWithReport(
      await withNote({code: varchar(20), total: int('integer')}),
    );
    await insert({code: 'abcdefgh', total: 2147483647});
    const report = await migrateSchemaWithReport(
      await withNote({code: varchar(40), total: int('bigint')}),
    );
    const reasons = report.dataSources[0].statements.map(s => s.reason);
    expect(reasons.join(' ')).to.match(
      /changes column "code" to VARCHAR\(40\); every stored value converts \(a widening of character varying\(20\): every value it can hold fits, none was read\)/,
    );
    expect(reasons.join(' ')).to.match(
      /changes column "total" to BIGINT; every stored value converts \(a widening of integer: /,
    );
    const rows = await db().query<{code: string; total: string}>(
      `SELECT code, total FROM ${table()}`,
    );
    expect(rows).to.eql([{code: 'abcdefgh', total: '2147483647'}]);
  });

  it('refuses a shorter varchar than the longest stored value (PostgreSQL truncates)', async function () {
    if (db().kind !== 'postgresql') this.skip();
    await migrateSchemaWithReport(await withNote({code: varchar(20)}));
    await insert({code: 'abcdefgh'});
    await insert({code: 'abc'});
    const error = await dataLossRefusal(
      migrateSchemaWithReport(await withNote({code: varchar(5)})),
    );
    expect(error.message).to.match(
      /changes column "code" to VARCHAR\(5\): 1 stored value would not survive/,
    );
    const rows = await db().query<{code: string}>(
      `SELECT code FROM ${table()} ORDER BY code`,
    );
    expect(rows.map(r => r.code)).to.eql(['abc', 'abcdefgh']);
  });

  it('marks a shorter varchar as refused under strict sql_mode (MariaDB)', async function () {
    if (db().kind !== 'mysql') this.skip();
    await migrateSchemaWithReport(await withNote({code: varchar(20)}));
    await insert({code: 'abcdefgh'});
    await insert({code: 'abc'});
    const plan = await (
      await withNote({code: varchar(5)})
    ).planSchemaMigration();
    const change = plan.dataSources[0].statements.find(s =>
      /code/i.test(s.sql),
    );
    expect(change).to.containDeep({destructive: false});
    expect(change!.willFail).to.match(
      /^1 stored value of column "code" \(id 1\) cannot be converted to VARCHAR\(5\) \(Data truncated for column `Note`\.`code`\)/,
    );
  });

  it('plans destructive statements in a dry run without refusing', async () => {
    await migrateSchemaWithReport(
      await withNote({title: {type: 'string'}, body: {type: 'string'}}),
    );
    await insert({title: 'a', body: 'kept'});
    const plan = await (
      await withNote({title: {type: 'string'}})
    ).planSchemaMigration();
    expect(
      plan.dataSources[0].statements.filter(s => s.destructive),
    ).to.have.length(1);
    expect(await columnNames()).to.containEql('body');
  });

  it('lists the drop of an index the model does not declare, with a reason', async () => {
    await migrateSchemaWithReport(await withNote({title: varchar(50)}));
    await db().query(`CREATE INDEX handmade ON ${table()} (title)`);
    const plan = await (
      await withNote({title: varchar(50)})
    ).planSchemaMigration();
    const drop = plan.dataSources[0].statements.find(s =>
      /handmade/.test(s.sql),
    );
    expect(drop).to.not.be.undefined();
    expect(drop!.destructive).to.be.false();
    expect(drop!.reason).to.match(
      /drops index "handmade", which the model does not declare/,
    );
  });

  it('names every index and foreign key a statement drops, with a reason (MySQL)', async function () {
    if (db().kind !== 'mysql') this.skip();
    await migrateSchemaWithReport(await withNote({title: varchar(50)}));
    // A table made by hand that the model does not know: its key goes.
    await db().query('CREATE TABLE `Tag` (code VARCHAR(50) PRIMARY KEY)');
    await db().query(
      'ALTER TABLE `Note` ADD INDEX hand_a (title), ADD INDEX hand_b (id, title),' +
        ' ADD CONSTRAINT fk_note_tag FOREIGN KEY (title) REFERENCES `Tag` (code) ON DELETE CASCADE',
    );
    const plan = await (
      await withNote({title: varchar(50)})
    ).planSchemaMigration();
    // The key's drop runs first, in a statement of its own (an index it
    // needs may be among the others).
    const [key, indexes] = plan.dataSources[0].statements;
    expect(key.sql).to.match(
      /^ALTER TABLE `Note` DROP FOREIGN KEY `fk_note_tag`/,
    );
    expect(key.reason).to.equal(
      'drops foreign key "fk_note_tag", which the model does not declare (or declares differently)',
    );
    expect(indexes.sql).to.match(/DROP INDEX `hand_a`.*DROP INDEX `hand_b`/);
    expect(indexes.reason).to.equal(
      'drops indexes "hand_a", "hand_b", which the model does not declare (or declares ' +
        'differently); indexes made by hand are dropped too',
    );
  });

  it('reports the rows a rebuild drops', async () => {
    await migrateSchemaWithReport(await withNote({title: {type: 'string'}}));
    await insert({title: 'a'});
    await insert({title: 'b'});
    const report = await migrateSchemaWithReport(
      await withNote({title: {type: 'string'}}),
      {existingSchema: 'drop'},
    );
    const drop = report.dataSources[0].statements.find(s =>
      /^DROP TABLE/i.test(s.sql),
    );
    expect(drop).to.containDeep({destructive: true});
    expect(drop!.reason).to.match(
      /drops table "(public"\."note|Note)" and its 2 rows/,
    );
    expect(await tables(db())).to.eql(['note']);
    const empty = await migrateSchemaWithReport(
      await withNote({title: {type: 'string'}}),
      {existingSchema: 'drop'},
    );
    expect(
      empty.dataSources[0].statements.find(s => /^DROP TABLE/i.test(s.sql))!
        .reason,
    ).to.match(/drops table "(public"\."note|Note)", which holds no rows$/);
  });
});
