import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, MigrationWillFailError} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables, indexes} from '../support/catalog';
import {TEXT} from '../support/indexed-item';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** An entry of `settings.indexes`. */
type ModelIndex = Record<string, unknown>;

/** `byOrder` on `order` (a reserved word) and `name`, as `declared` makes it. */
const byOrder = (declared: object): ModelIndex => ({
  keys: {order: 1, name: 1},
  ...declared,
});

describeEachDatabase(
  'an index of settings.indexes made unique, then not',
  (db, kind) => {
    let app: MigratingApp | undefined;
    beforeEach(() => dropAllTables(db()));
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
    });

    /** An app whose model `Item` declares `byOrder` so. */
    async function withIndex(index: ModelIndex): Promise<MigratingApp> {
      if (app) await closeApp(app);
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        {
          name: 'Item',
          properties: {
            id: {type: 'number', id: true, generated: true},
            order: TEXT,
            name: TEXT,
          },
          settings: {indexes: {byOrder: index}},
        },
      ]);
      return app;
    }

    /** Whether `byOrder` is unique, and on which columns (unquoted). */
    async function byOrderIndex() {
      return (await indexes(db()))
        .filter(i => i.name === 'byorder')
        .map(i => ({columns: i.columns.replace(/"/g, ''), unique: i.unique}));
    }

    // The mysql connector reads `kind` too (PostgreSQL's only for CREATE TABLE).
    const forms: Array<[string, object]> = [
      ['options: {unique: true}', {options: {unique: true}}],
      ...(kind === 'mysql'
        ? [["kind: 'UNIQUE'", {kind: 'UNIQUE'}] as [string, object]]
        : []),
    ];
    for (const [form, unique] of forms) {
      it(`each change is made in one run and settles (${form})`, async () => {
        const steps: Array<[object, boolean]> = [
          [{}, false],
          [unique, true],
          [{}, false],
        ];
        for (const [step, [declared, made]] of steps.entries()) {
          const target = await withIndex(byOrder(declared));
          const report = await migrateSchemaWithReport(target);
          expect(report.dataSources[0].status).to.equal('migrated');
          // MySQL: one ALTER TABLE, as the connector writes an index change.
          if (kind === 'mysql' && step > 0)
            expect(report.dataSources[0].statements.map(s => s.sql)).to.match([
              made
                ? /^ALTER TABLE `Item` DROP INDEX `byOrder`, ADD UNIQUE INDEX `byOrder` \(`order`,`name`\)/
                : /^ALTER TABLE `Item` DROP INDEX `byOrder`, ADD INDEX `byOrder` \(`order`,`name`\)/,
            ]);
          expect(await byOrderIndex()).to.eql([
            {columns: 'order,name', unique: made},
          ]);
          const again = await migrateSchemaWithReport(target, {
            fullCheck: true,
          });
          expect(again.dataSources[0]).to.containDeep({
            status: 'up-to-date',
            statements: [],
          });
        }
      });
    }

    it('refuses to make it unique over duplicate values, changing nothing', async () => {
      await migrateSchemaWithReport(await withIndex(byOrder({})));
      await db().query(
        kind === 'postgresql'
          ? `INSERT INTO item ("order", name) VALUES ('a', 'x'), ('a', 'x'), ('b', 'x')`
          : "INSERT INTO `Item` (`order`, name) VALUES ('a', 'x'), ('a', 'x'), ('b', 'x')",
      );
      const target = await withIndex(byOrder({options: {unique: true}}));
      const plan = await target.planSchemaMigration();
      const refused = plan.dataSources[0].statements.filter(s => s.willFail);
      expect(refused.map(s => s.willFail)).to.match([
        /unique index "byOrder" on "order", "name" cannot be built: 1 value\(s\) of "order", "name" occur more than once, in 2 rows/,
      ]);
      const error = await rejection(migrateSchemaWithReport(target));
      expect(error).to.be.instanceOf(MigrationWillFailError);
      expect(error.message).to.match(/Nothing was changed/);
      expect(await byOrderIndex()).to.eql([
        {columns: 'order,name', unique: false},
      ]);
    });
  },
);
