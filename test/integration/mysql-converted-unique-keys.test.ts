import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {
  migrateSchemaWithReport,
  MigrationWillFailError,
  type PlannedStatement,
} from '../../src';
import type {MigratingApp, ModelSpec} from '../support/app-builder';
import {appsPerTest} from '../support/apps-per-test';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};
const UNIQUE = {index: {unique: true}};

/**
 * A type change whose loss the user accepted (`'01'` to INT is 1) can make
 * values equal that a unique index keeps apart: the server then refuses the
 * change ("Duplicate entry"), after the statements before it were applied.
 * The plan compares such values as the new type, as it does on PostgreSQL.
 */
describeOnDatabase(
  'mysql',
  'MySQL/MariaDB: a type change that makes values of a unique index equal',
  db => {
    const {app} = appsPerTest(db);
    const item = (properties: Record<string, PropertyDefinition>) =>
      app([{name: 'Item', properties: {id: ID, ...properties}}]);
    /** `code` with a unique index over its first `length` characters. */
    const prefixed = (code: PropertyDefinition, length: number) =>
      app([
        {
          name: 'Item',
          properties: {id: ID, code},
          settings: {
            indexes: {code_start: {columns: `code(${length})`, kind: 'UNIQUE'}},
          },
        },
      ]);

    async function refused(target: MigratingApp): Promise<PlannedStatement> {
      const plan = await target.planSchemaMigration();
      const failing = plan.dataSources[0].statements.filter(s => s.willFail);
      expect(failing).to.have.length(1);
      const error = await rejection(
        migrateSchemaWithReport(target, {acceptDataLoss: true}),
      );
      expect(error).to.be.instanceOf(MigrationWillFailError);
      // The prediction is right: the server refuses the statement.
      await expect(db().query(failing[0].sql)).to.be.rejectedWith(
        /Duplicate entry/,
      );
      return failing[0];
    }

    it('predicts a new unique index over strings that become one number', async () => {
      await migrateSchemaWithReport(item({code: {type: 'string'}}));
      await db().query("INSERT INTO `Item` (code) VALUES ('1'), ('01'), ('2')");
      const statement = await refused(
        item({code: {type: 'number', ...UNIQUE}}),
      );
      expect(statement.willFail).to.match(
        /unique index "code" on "code" cannot be built: 1 value\(s\) of "code" occur more than once, in 2 rows of "Item" \(1 \(2 rows\)\), comparing "code" as INT, the type the plan gives it\. To fix it/,
      );
      expect(statement.destructive).to.be.true();
    });

    it('predicts a kept unique index over times that become one date', async () => {
      await migrateSchemaWithReport(item({at: {type: 'date', ...UNIQUE}}));
      await db().query(
        "INSERT INTO `Item` (at) VALUES ('2024-01-01 10:00:00'), ('2024-01-01 11:00:00'), ('2024-01-02 10:00:00')",
      );
      const statement = await refused(
        item({at: {type: 'date', mysql: {dataType: 'date'}, ...UNIQUE}}),
      );
      expect(statement.willFail).to.match(
        /unique index "at" on "at" cannot be kept through the type change: 1 value\(s\) become equal as the new type, in 2 rows of "Item" \('2024-01-01/,
      );
    });

    it('predicts a unique prefix key part that a change to a number makes whole', async () => {
      await migrateSchemaWithReport(prefixed({type: 'string'}, 3));
      await db().query("INSERT INTO `Item` (code) VALUES ('1'), ('01'), ('2')");
      const statement = await refused(prefixed({type: 'number'}, 3));
      expect(statement.willFail).to.match(
        /unique index "code_start" on "code" cannot be kept through the type change: 1 value\(s\) become equal as the new type, in 2 rows of "Item" \(1 \(2 rows\)\)/,
      );
    });

    it('compares the whole values of a prefix key part changed to a number', async () => {
      await migrateSchemaWithReport(prefixed({type: 'string'}, 4));
      // Apart as prefixes ('0123', '1234') and as numbers, not as the
      // numbers' prefixes.
      await db().query("INSERT INTO `Item` (code) VALUES ('01234'), ('12345')");
      const report = await migrateSchemaWithReport(
        prefixed({type: 'number'}, 4),
        {acceptDataLoss: true},
      );
      expect(report.dataSources[0].status).to.equal('migrated');
      const rows = await db().query<{code: number}>(
        'SELECT code FROM `Item` ORDER BY code',
      );
      expect(rows.map(r => r.code)).to.eql([1234, 12345]);
    });

    it('leaves out a unique index that the same statement drops', async () => {
      await migrateSchemaWithReport(item({code: {type: 'string'}}));
      await db().query('CREATE UNIQUE INDEX by_hand ON `Item` (code)');
      await db().query("INSERT INTO `Item` (code) VALUES ('1'), ('01'), ('2')");
      const target = item({code: {type: 'number'}});
      const plan = await target.planSchemaMigration();
      const [statement] = plan.dataSources[0].statements;
      expect(statement.sql).to.match(/DROP INDEX `by_hand`/);
      expect(statement.willFail).to.be.undefined();
      const report = await migrateSchemaWithReport(target, {
        acceptDataLoss: true,
      });
      expect(report.dataSources[0].status).to.equal('migrated');
    });

    it('refuses before the statements of other tables run, and changes nothing', async () => {
      const models = (code: PropertyDefinition): ModelSpec[] => [
        {name: 'Aaa', properties: {id: ID, size: {type: 'number'}}},
        {name: 'Item', properties: {id: ID, code}},
      ];
      await migrateSchemaWithReport(app(models({type: 'string', ...UNIQUE})));
      await db().query("INSERT INTO `Item` (code) VALUES ('7'), ('007')");
      const target = app([
        {
          name: 'Aaa',
          properties: {
            id: ID,
            size: {type: 'number', mysql: {dataType: 'bigint'}},
          },
        },
        ...models({type: 'number', ...UNIQUE}).slice(1),
      ]);
      await refused(target);
      const [size] = await db().query<{type: string}>(
        "SELECT COLUMN_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Aaa' AND COLUMN_NAME = 'size'",
      );
      expect(size.type).to.match(/^int/);
    });

    it('lets a conversion that keeps the values apart run', async () => {
      await migrateSchemaWithReport(item({code: {type: 'string', ...UNIQUE}}));
      await db().query("INSERT INTO `Item` (code) VALUES ('1'), ('2'), ('10')");
      const report = await migrateSchemaWithReport(
        item({code: {type: 'number', ...UNIQUE}}),
      );
      expect(report.dataSources[0].status).to.equal('migrated');
      const rows = await db().query<{code: number}>(
        'SELECT code FROM `Item` ORDER BY code',
      );
      expect(rows.map(r => r.code)).to.eql([1, 2, 10]);
    });
  },
);
