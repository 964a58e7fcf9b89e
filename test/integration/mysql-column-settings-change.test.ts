import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {InvalidModelError, migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';

function item(properties: Record<string, PropertyDefinition>): ModelSpec {
  return {
    name: 'Item',
    properties: {
      id: {type: 'number', id: true, generated: true},
      ...properties,
    },
  };
}

// loopback-connector-mysql compares a column with a type that ignores
// `mysql.dataLength`, `dataPrecision` and `dataScale` (and creates it with
// one that reads them): a change of only those was reported up to date.
const CHANGES: Array<{
  title: string;
  before: PropertyDefinition;
  after: PropertyDefinition;
  value: string | number;
  type: string;
  /** How to read the value back as text; `v` when absent. */
  read?: string;
}> = [
  {
    title: 'a wider DECIMAL (dataPrecision, dataScale)',
    before: {
      type: 'number',
      mysql: {dataType: 'decimal', dataPrecision: 9, dataScale: 2},
    },
    after: {
      type: 'number',
      mysql: {dataType: 'decimal', dataPrecision: 12, dataScale: 4},
    },
    value: 12.5,
    type: 'decimal(12,4)',
  },
  {
    title: 'a longer VARCHAR (dataLength) on a plain string',
    before: {type: 'string'},
    after: {type: 'string', mysql: {dataType: 'varchar', dataLength: 1000}},
    value: 'kept',
    type: 'varchar(1000)',
  },
  {
    title: 'a shorter VARCHAR (dataLength) that holds the values',
    before: {type: 'string'},
    after: {type: 'string', mysql: {dataType: 'varchar', dataLength: 100}},
    value: 'kept',
    type: 'varchar(100)',
  },
  {
    title: 'a DOUBLE given a precision and scale',
    before: {type: 'number', mysql: {dataType: 'double'}},
    after: {
      type: 'number',
      mysql: {dataType: 'double', dataPrecision: 10, dataScale: 2},
    },
    value: 1.25,
    type: 'double(10,2)',
  },
  {
    title: 'a boolean stored as BIT(1) (dataType)',
    before: {type: 'boolean'},
    after: {type: 'boolean', mysql: {dataType: 'bit', dataLength: 1}},
    value: 1,
    type: 'bit(1)',
    read: 'v + 0',
  },
];

describeOnDatabase(
  'mysql',
  'MySQL/MariaDB: a change of a property column setting (dataLength, dataPrecision, dataScale, dataType, default)',
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

    for (const change of CHANGES) {
      it(`is planned and applied, keeping the rows: ${change.title}`, async () => {
        await migrate(item({v: change.before}));
        await db().query('INSERT INTO `Item` (v) VALUES (?)', [change.value]);

        const report = await migrate(item({v: change.after}));
        const [statement] = report.dataSources[0].statements;
        expect(statement?.sql).to.match(/CHANGE COLUMN `v` `v`/);
        expect(statement.destructive).to.be.false();
        const v = (await columns(db(), 'Item')).find(c => c.column === 'v');
        expect(v?.type).to.equal(change.type);
        const rows = await db().query<{v: unknown}>(
          `SELECT ${change.read ?? 'v'} AS v FROM \`Item\``,
        );
        expect(rows.map(r => String(r.v))).to.eql([
          change.type.startsWith('decimal') ? '12.5000' : String(change.value),
        ]);

        const again = await migrate(item({v: change.after}), {fullCheck: true});
        expect(again.dataSources[0].statements).to.eql([]);
      });
    }

    it("joins a missed change to the connector's ALTER TABLE of the table: one copy", async () => {
      await migrate(item({flag: {type: 'boolean'}, n: {type: 'number'}}));
      await db().query('INSERT INTO `Item` (flag, n) VALUES (1, 7)');

      const report = await migrate(
        item({
          flag: {type: 'boolean', mysql: {dataType: 'bit', dataLength: 1}},
          n: {type: 'number', mysql: {dataType: 'bigint', dataPrecision: 20}},
        }),
      );
      const statements = report.dataSources[0].statements;
      expect(statements).to.have.length(1);
      expect(statements[0].sql).to.match(/CHANGE COLUMN `n` `n` BIGINT/);
      expect(statements[0].sql).to.match(/CHANGE COLUMN `flag` `flag` BIT/);
      const types = (await columns(db(), 'Item')).map(c => c.type);
      expect(types).to.containDeep(['bit(1)', 'bigint(20)']);
      const rows = await db().query<{n: number}>('SELECT n FROM `Item`');
      expect(rows.map(r => Number(r.n))).to.eql([7]);
    });

    it('changes a default that mysql.default changes, keeping the rows', async () => {
      const note = (value: string): ModelSpec =>
        item({v: {type: 'string', mysql: {default: value}}});
      await migrate(note('draft'));
      await db().query("INSERT INTO `Item` (v) VALUES ('kept')");

      const report = await migrate(note('new'));
      const [statement] = report.dataSources[0].statements;
      expect(statement?.sql).to.match(/CHANGE COLUMN `v` `v` .*DEFAULT "new"/);
      await db().query('INSERT INTO `Item` () VALUES ()');
      const rows = await db().query<{v: string}>(
        'SELECT v FROM `Item` ORDER BY id',
      );
      expect(rows.map(r => r.v)).to.eql(['kept', 'new']);

      const again = await migrate(note('new'), {fullCheck: true});
      expect(again.dataSources[0].statements).to.eql([]);
    });

    it('never runs a changed mysql.default that holds another statement', async () => {
      await db().query('CREATE TABLE canary (id INT PRIMARY KEY)');
      await migrate(item({v: {type: 'string', mysql: {default: 'a'}}}));

      const injected = item({
        v: {type: 'string', mysql: {default: 'x"; DROP TABLE canary; -- '}},
      });
      // Refused before any plan: a `"` would end the connector's literal.
      for (const dryRun of [true, false]) {
        await expect(migrate(injected, {dryRun})).to.be.rejectedWith(
          InvalidModelError,
        );
      }
      expect(await db().query('SELECT * FROM canary')).to.eql([]);
    });

    it('names by primary key the rows holding a value the database would not convert to a number', async () => {
      await migrate(item({v: {type: 'string'}}));
      await db().query(
        "INSERT INTO `Item` (id, v) VALUES (5, '12'), (7, 'abc'), (9, '13')",
      );

      const plan = await migrate(item({v: {type: 'number'}}), {dryRun: true});
      const [statement] = plan.dataSources[0].statements;
      expect(statement.willFail).to.match(
        /^1 stored value of column "v" \(id 7\) cannot be converted to INT /,
      );
    });

    it('refuses a shorter VARCHAR that a stored value does not fit', async () => {
      await migrate(item({v: {type: 'string'}}));
      await db().query('INSERT INTO `Item` (v) VALUES (?)', ['x'.repeat(300)]);

      const plan = await migrate(
        item({
          v: {type: 'string', mysql: {dataType: 'varchar', dataLength: 100}},
        }),
        {dryRun: true},
      );
      const [statement] = plan.dataSources[0].statements;
      expect(statement?.sql).to.match(/CHANGE COLUMN `v` `v` VARCHAR\(100\)/);
      expect(statement.willFail ?? statement.reason).to.match(/column "v"/);
      expect(
        statement.willFail !== undefined || statement.destructive,
      ).to.be.true();
    });

    // lb4 discover writes mysql.dataType 'int' for an INT UNSIGNED column:
    // the plan made it signed, saying only that every value converts.
    it('says that a change makes an unsigned column signed', async () => {
      await migrate(item({count: {type: 'number', unsigned: true}}));
      await db().query('INSERT INTO `Item` (count) VALUES (5)');

      const plan = await migrate(
        item({
          count: {
            type: 'number',
            mysql: {dataType: 'int', dataPrecision: 10},
          },
        }),
        {dryRun: true},
      );
      const [statement] = plan.dataSources[0].statements;
      expect(statement?.sql).to.match(
        /CHANGE COLUMN `count` `count` INT\(10\)/,
      );
      expect(statement.reason).to.equal(
        'changes column "count" to INT(10); every stored value converts (it was INT(10) ' +
          'UNSIGNED: the model makes it signed; to keep it unsigned, declare mysql.dataType ' +
          "'int unsigned' without dataPrecision)",
      );
    });

    // The probe that converts the values (a temporary table, column `v`)
    // was named in the prediction instead of the model's table and column.
    it('names the column, not its conversion probe, in a definition the database refuses', async () => {
      const amount = (dataPrecision: number) =>
        item({
          amount: {
            type: 'number',
            mysql: {dataType: 'decimal', dataPrecision, dataScale: 2},
          },
        });
      await migrate(amount(10));
      await db().query('INSERT INTO `Item` (amount) VALUES (12.5)');

      const plan = await migrate(amount(70), {dryRun: true});
      const [statement] = plan.dataSources[0].statements;
      expect(statement?.willFail).to.match(
        /^the database cannot convert column "amount" to DECIMAL\(70,2\) \(.*`Item`\.`amount`.*\); the change would fail whatever the data\. Choose a type/,
      );
      expect(statement.willFail).to.not.match(/lsm_probe|'v'/);
    });

    it('leaves display widths, TEXT(n) and a VARCHAR without a length alone', async () => {
      // As lb4 discover describes columns stock made; `dataType: 'varchar'`
      // without a length (CREATE TABLE fails with it) stays as stock leaves it.
      await migrate(
        item({
          flag: {type: 'boolean'},
          n: {type: 'number'},
          body: {type: 'string', mysql: {dataType: 'text'}},
          v: {type: 'string'},
        }),
      );
      const report = await migrate(
        item({
          flag: {
            type: 'boolean',
            mysql: {dataType: 'tinyint', dataPrecision: 3, dataScale: 0},
          },
          n: {
            type: 'number',
            mysql: {dataType: 'int', dataPrecision: 10, dataScale: 0},
          },
          body: {type: 'string', mysql: {dataType: 'text', dataLength: 65535}},
          v: {type: 'string', mysql: {dataType: 'varchar'}},
        }),
      );
      expect(report.dataSources[0].statements).to.eql([]);
    });
  },
);
