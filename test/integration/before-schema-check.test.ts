import {expect} from '@loopback/testlab';
import {
  migrateSchemaWithReport,
  runMigrationCli,
  type MigrationContext,
  type SchemaMigrationReport,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase, type TestDatabase} from '../support/databases';
import {defineScript} from '../support/scripts';

/** A Product whose `sku` is a varchar of `length`. */
function product(length: number): ModelSpec {
  return {
    name: 'Product',
    properties: {
      id: {type: 'number', id: true, generated: true},
      sku: {
        type: 'string',
        mysql: {dataType: 'varchar', dataLength: length},
        postgresql: {dataType: `varchar(${length})`},
      },
    },
  };
}

function productTable(db: TestDatabase): string {
  return db.kind === 'postgresql' ? 'product' : '`Product`';
}

/** The back-fill that makes `sku` fit in varchar(5). */
function shortenSkus(db: TestDatabase) {
  return defineScript({
    version: '2.0.0',
    description: 'shorten the skus',
    dataSource: 'db',
    runs: 'before-schema',
    up: async (ctx: MigrationContext) => {
      await ctx.execute(`UPDATE ${productTable(db)} SET sku = left(sku, 5)`);
    },
  });
}

describeEachDatabase(
  '--check of a plan that pending before-schema scripts precede',
  db => {
    let app: MigratingApp | undefined;

    beforeEach(async () => {
      await dropAllTables(db());
      const first = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        product(20),
      ]);
      await first.migrateSchema();
      await db().query(
        `INSERT INTO ${productTable(db())} (sku) VALUES ('LONGSKU123')`,
      );
      await closeApp(first);
    });
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
    });

    it('exits 4 without a pending before-schema script', async () => {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [product(5)]);
      const io = captureIo();
      expect(await runMigrationCli(() => app!, ['--check'], io)).to.equal(4);
      expect(io.out()).to.match(/^Schema check \(update\): .*refused: /m);
      // Why, statement by statement (QA: the summary only counted them).
      expect(io.out()).to.match(
        /^ {2}db: model Product, (will fail|data loss): .*"sku".*\n {4}ALTER TABLE .*sku/m,
      );
      const plan = await app.planSchemaMigration();
      expect(plan.dataSources[0].beforeSchemaScripts).to.be.undefined();
    });

    it('exits 3 and says the refusal is judged again after the back-fill, which the run proves', async () => {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [product(5)]);
      app.migrationScript(shortenSkus(db()));

      const plan = await app.planSchemaMigration();
      const [ds] = plan.dataSources;
      expect(ds.beforeSchemaScripts).to.equal(1);
      expect(
        ds.statements.some(s => s.willFail !== undefined || s.destructive),
      ).to.be.true();
      expect(ds.warnings.join('\n')).to.match(
        /as the database is now, but 1 migration script\(s\) with runs = 'before-schema' of this datasource are pending: a real run runs them first, then plans and judges the schema change again/,
      );

      const text = captureIo();
      expect(await runMigrationCli(() => app!, ['--check'], text)).to.equal(3);
      expect(text.out()).to.match(
        /^Schema check \(update\): \d+ statement\(s\) pending, 1 migration script\(s\) pending, refused as the database is now: \d+ statement\(s\) (will fail|would destroy data \(without --accept-data-loss\)); judged again after the 1 pending before-schema migration script\(s\)$/m,
      );
      expect(text.out()).to.not.match(/refused: /);

      const json = captureIo();
      expect(
        await runMigrationCli(() => app!, ['--check', '--json'], json),
      ).to.equal(3);
      const printed = JSON.parse(json.out()) as SchemaMigrationReport;
      expect(printed.dataSources[0].beforeSchemaScripts).to.equal(1);
      expect(printed.dataSources[0].warnings.join('\n')).to.match(
        /a real run runs them first, then plans and judges the schema change again/,
      );

      const report = await migrateSchemaWithReport(app);
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(report.dataSources[0].beforeSchemaScripts).to.be.undefined();
      const rows = await db().query<{sku: string}>(
        `SELECT sku FROM ${productTable(db())}`,
      );
      expect(rows.map(r => r.sku)).to.eql(['LONGS']);
    });
  },
);
