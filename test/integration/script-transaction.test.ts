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
import {
  defineScript,
  insertNote,
  ledgerVersions,
  NOTE_MODEL,
  notes,
  noteTable,
} from '../support/scripts';

describeEachDatabase(
  'a migration script with transaction = false',
  (db, kind) => {
    let app: MigratingApp | undefined;
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
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
    });

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

    it('fails naming the statements it ran before the failure, which stay', async () => {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE_MODEL]);
      app.migrationScript(
        class IndexThenFail implements MigrationScript {
          version = '1.0.0';
          transaction = false;
          async up(ctx: MigrationContext) {
            await ctx.execute(indexSql());
            await insertNote('kept')(ctx);
            await ctx.execute('SELECT no_such_column FROM no_such_table');
          }
        },
      );
      const error = await rejection(migrateSchemaWithReport(app));
      expect(error).to.be.instanceOf(MigrationScriptError);
      const insert =
        kind === 'postgresql'
          ? 'INSERT INTO note (text) VALUES ($1)'
          : 'INSERT INTO `Note` (text) VALUES (?)';
      expect(error.message).to.containEql(
        `its up() ran 2 statements with ctx.execute(), which stay: 1. ${indexSql()}; 2. ${insert}.`,
      );
      expect(await notes(db())).to.eql(['kept']);
      expect((await indexes(db())).map(i => i.name)).to.containEql(
        'note_text_idx',
      );
      expect(await ledgerVersions(db()).catch(() => [])).to.eql([]);
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

    it('may not end its transaction on PostgreSQL: nothing of it is kept', async function () {
      if (kind !== 'postgresql') this.skip();
      for (const end of ['COMMIT', 'rollback', 'END WORK', 'ABORT']) {
        if (app) await closeApp(app);
        await dropAllTables(db());
        app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE_MODEL]);
        app.migrationScript(
          defineScript({
            version: '1.0.0',
            // A SQL file written for a tool that wraps nothing in a transaction.
            up: async ctx => {
              await insertNote('before')(ctx);
              await ctx.execute(
                `BEGIN; INSERT INTO note (text) VALUES ('inside'); ${end};`,
              );
              await insertNote('after')(ctx);
            },
          }),
        );
        const error = await rejection(migrateSchemaWithReport(app));
        expect(error).to.be.instanceOf(MigrationScriptError);
        expect(error.message).to.match(
          new RegExp(`refuses "${end}": the script runs in the transaction`),
        );
        expect(error.message).to.match(/transaction = false/);
        expect(error.message).to.match(
          /neither its changes nor its ledger row/,
        );
        expect(await notes(db())).to.eql([]);
        expect(await ledgerVersions(db()).catch(() => [])).to.eql([]);
      }
    });

    it('may roll back to a savepoint of its transaction, and create a routine with a BEGIN ATOMIC body', async () => {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE_MODEL]);
      app.migrationScript(
        defineScript({
          version: '1.0.0',
          up: async ctx => {
            await insertNote('kept')(ctx);
            if (kind !== 'postgresql') return;
            await ctx.execute(
              "SAVEPOINT s; INSERT INTO note (text) VALUES ('undone'); ROLLBACK TO SAVEPOINT s",
            );
            await ctx.execute(
              'CREATE FUNCTION one() RETURNS int LANGUAGE SQL BEGIN ATOMIC SELECT 1; END',
            );
          },
        }),
      );
      const report = await migrateSchemaWithReport(app);
      expect(report.scripts.map(s => s.status)).to.eql(['applied']);
      expect(await notes(db())).to.eql(['kept']);
    });
  },
);
