import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {MigrationWillFailError, migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

function item(properties: Record<string, PropertyDefinition>): ModelSpec {
  return {
    name: 'Item',
    properties: {
      id: {type: 'number', id: true, generated: true},
      ...properties,
    },
  };
}

// A property's `charset` / `collation` (top level, where the connector reads
// them) changed: the online form was judged by the column's type alone, so
// a latin1 column made utf8mb4 got `ALGORITHM=INSTANT`, planned as a brief
// lock, and the run failed on it (errno 1846 "Cannot change column type").
describeOnDatabase(
  'mysql',
  "MySQL/MariaDB: a change of a column's character set or collation",
  db => {
    beforeEach(() => dropAllTables(db()));

    async function migrate(model: ModelSpec, options = {}) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [model]);
      try {
        return await migrateSchemaWithReport(app, options);
      } finally {
        await closeApp(app);
      }
    }

    async function charsetOf(): Promise<string> {
      const [row] = await db().query<{c: string}>(
        `SELECT CONCAT(CHARACTER_SET_NAME, ' ', COLLATION_NAME) AS c
           FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Item' AND COLUMN_NAME = 'v'`,
      );
      return row.c;
    }

    it('plans another character set as a copy, and applies it keeping the values', async () => {
      const v = (charset: string, collation: string): ModelSpec =>
        item({v: {type: 'string', charset, collation}});
      await migrate(v('latin1', 'latin1_bin'));
      await db().query('INSERT INTO `Item` (v) VALUES (?)', ['Ünïcödé']);

      const plan = await migrate(v('utf8mb4', 'utf8mb4_bin'), {dryRun: true});
      const [planned] = plan.dataSources[0].statements;
      expect(planned.sql).to.not.match(/ALGORITHM=INSTANT/);
      expect(planned.lock).to.equal('blocks-writes');

      const report = await migrate(v('utf8mb4', 'utf8mb4_bin'));
      expect(report.dataSources[0].statements.map(s => s.sql)).to.eql([
        planned.sql,
      ]);
      expect(await charsetOf()).to.equal('utf8mb4 utf8mb4_bin');
      const rows = await db().query<{v: string}>('SELECT v FROM `Item`');
      expect(rows.map(r => r.v)).to.eql(['Ünïcödé']);
    });

    // The data checks compared the type alone (`varchar(512)` both): a
    // value the new character set cannot hold was neither predicted to fail
    // nor counted as lost, and the run failed on it (errno 1366).
    it('predicts the failure of a character set that cannot hold a stored value', async () => {
      const v = (charset: string, collation: string): ModelSpec =>
        item({v: {type: 'string', charset, collation}});
      await migrate(v('utf8mb4', 'utf8mb4_bin'));
      await db().query('INSERT INTO `Item` (v) VALUES (?), (?)', [
        'emoji \u{1F600}',
        'Ünïcödé',
      ]);

      const plan = await migrate(v('latin1', 'latin1_bin'), {dryRun: true});
      const [planned] = plan.dataSources[0].statements;
      expect(planned.willFail).to.match(
        /1 stored value of column "v" \(id 1\) cannot be converted to VARCHAR\(512\) CHARACTER SET latin1 COLLATE latin1_bin \(Incorrect string value: [^)]* for column `Item`\.`v`\)/,
      );
      const err = await rejection(
        migrate(v('latin1', 'latin1_bin'), {acceptDataLoss: true}),
      );
      expect(err).to.be.instanceOf(MigrationWillFailError);
      expect(await charsetOf()).to.equal('utf8mb4 utf8mb4_bin');

      await db().query("DELETE FROM `Item` WHERE v LIKE 'emoji%'");
      const report = await migrate(v('latin1', 'latin1_bin'));
      expect(report.dataSources[0].statements[0].reason).to.match(
        /every stored value converts/,
      );
      expect(await charsetOf()).to.equal('latin1 latin1_bin');
      const rows = await db().query<{v: string}>('SELECT v FROM `Item`');
      expect(rows.map(r => r.v)).to.eql(['Ünïcödé']);
    });

    it('changes a collation of the same character set in place', async () => {
      const v = (collation: string): ModelSpec =>
        item({v: {type: 'string', charset: 'utf8mb4', collation}});
      await migrate(v('utf8mb4_general_ci'));
      await db().query("INSERT INTO `Item` (v) VALUES ('kept')");

      const report = await migrate(v('utf8mb4_bin'));
      const [statement] = report.dataSources[0].statements;
      expect(statement.sql).to.match(/ALGORITHM=(INSTANT|INPLACE)/);
      expect(await charsetOf()).to.equal('utf8mb4 utf8mb4_bin');
      const again = await migrate(v('utf8mb4_bin'), {fullCheck: true});
      expect(again.dataSources[0].statements).to.eql([]);
    });

    // A column made without LoopBack in another character set than its
    // table's, as `lb4 discover` describes it (no charset): widened, it was
    // converted to the table's character set, refused over an emoji
    // ("cannot be converted to VARCHAR(150)"), and without one converted in
    // silence.
    it("keeps a column's own character set and collation when the model declares none", async () => {
      await db().query(
        `CREATE TABLE Item (
           id INT AUTO_INCREMENT PRIMARY KEY,
           v VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL
         ) DEFAULT CHARSET=latin1`,
      );
      await db().query('INSERT INTO `Item` (v) VALUES (?)', ['Zoë \u{1F600}']);
      const v = (length: number): ModelSpec =>
        item({
          v: {
            type: 'string',
            required: true,
            mysql: {dataType: 'varchar', dataLength: length},
          },
        });

      const report = await migrate(v(150));
      const [statement] = report.dataSources[0].statements;
      expect(statement.sql).to.match(
        /^ALTER TABLE `Item` CHANGE COLUMN `v` `v` VARCHAR\(150\) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL, ALGORITHM=INSTANT$/,
      );
      expect(await charsetOf()).to.equal('utf8mb4 utf8mb4_unicode_ci');
      const rows = await db().query<{v: string}>('SELECT v FROM `Item`');
      expect(rows.map(r => r.v)).to.eql(['Zoë \u{1F600}']);
      const again = await migrate(v(150), {fullCheck: true});
      expect(again.dataSources[0].statements).to.eql([]);
    });
  },
);
