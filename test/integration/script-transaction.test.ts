import {expect} from '@loopback/testlab';
import {
  migrateSchemaWithReport,
  MigrationScriptError,
  type MigrationContext,
  type MigrationScript,
} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables, indexes} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';
import {ledgerVersions, NOTE_MODEL, noteTable} from '../support/scripts';

describeEachDatabase(
  'a migration script with transaction = false',
  (db, kind) => {
    let app: MigratingApp;
    const indexSql = () =>
      kind === 'postgresql'
        ? `CREATE INDEX CONCURRENTLY note_text_idx ON ${noteTable(kind)} (text)`
        : `CREATE INDEX note_text_idx ON ${noteTable(kind)} (text(20))`;
    /** A script that creates an index; `transaction` as given. */
    const indexScript = (transaction: boolean | undefined) =>
      class IndexNotes implements MigrationScript {
        version = '1.0.0';
        transaction = transaction;
        async up(ctx: MigrationContext) {
          seenTransactions.push(ctx.transaction !== undefined);
          await ctx.execute(indexSql());
        }
      };
    let seenTransactions: boolean[];

    beforeEach(async () => {
      await dropAllTables(db());
      seenTransactions = [];
    });
    afterEach(() => closeApp(app));

    it('runs outside a transaction, then is recorded', async () => {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE_MODEL]);
      app.migrationScript(indexScript(false));
      const report = await migrateSchemaWithReport(app);
      expect(report.scripts.map(s => s.status)).to.eql(['applied']);
      expect(seenTransactions).to.eql([false]);
      expect((await indexes(db())).map(i => i.name)).to.containEql(
        'note_text_idx',
      );
      expect(await ledgerVersions(db())).to.eql(['1.0.0']);
    });

    it('by default runs in a transaction on PostgreSQL, where CONCURRENTLY is refused', async function () {
      if (kind !== 'postgresql') this.skip();
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE_MODEL]);
      app.migrationScript(indexScript(undefined));
      const error = await rejection(migrateSchemaWithReport(app));
      expect(error).to.be.instanceOf(MigrationScriptError);
      expect((error as Error).message).to.match(
        /cannot run inside a transaction block/,
      );
      expect(seenTransactions).to.eql([true]);
    });
  },
);
