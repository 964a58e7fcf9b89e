import {expect} from '@loopback/testlab';
import {
  migrateSchemaWithReport,
  MigrationScriptError,
  type MigrationContext,
  type MigrationScript,
} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables, indexes} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';
import {ledgerVersions, NOTE_MODEL} from '../support/scripts';

/**
 * A generated script's online class (`transaction = false`) whose
 * `CREATE UNIQUE INDEX CONCURRENTLY` meets duplicates on a database the
 * shadow database did not have: PostgreSQL leaves the index INVALID, and
 * every later run of the script failed on it with "already exists", the
 * message saying nothing of it.
 */
describeOnDatabase(
  'postgresql',
  'a script whose CREATE INDEX CONCURRENTLY fails outside a transaction',
  db => {
    let app: MigratingApp | undefined;
    const uniqueText = class UniqueNoteText implements MigrationScript {
      version = '20261201090000+online';
      transaction = false;
      async up(ctx: MigrationContext) {
        await ctx.execute(
          'CREATE UNIQUE INDEX CONCURRENTLY "note_text_idx" ON "public"."note" ( "text" )',
        );
      }
    };

    beforeEach(async () => {
      await dropAllTables(db());
    });
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
    });

    it('names the INVALID index it left and how to drop it, on each failing run', async () => {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE_MODEL]);
      await migrateSchemaWithReport(app, {scripts: false});
      await db().query("INSERT INTO note (text) VALUES ('a'), ('a')");
      app.migrationScript(uniqueText);
      const drop = 'DROP INDEX CONCURRENTLY public.note_text_idx;';

      const first = await rejection(migrateSchemaWithReport(app));
      expect(first).to.be.instanceOf(MigrationScriptError);
      expect(first.message).to.match(/could not create unique index/);
      expect(first.message).to.containEql(
        'PostgreSQL left the INVALID index public.note_text_idx',
      );
      expect(first.message).to.containEql(drop);
      const left = (await indexes(db())).find(i => i.name === 'note_text_idx');
      expect(left?.valid).to.be.false();

      // Run again without dropping it: "already exists", the same advice.
      const again = await rejection(migrateSchemaWithReport(app));
      expect(again.message).to.match(/already exists/);
      expect(again.message).to.containEql(drop);

      // Following it: fix the data, drop the index, and the script applies.
      await db().query(
        'DELETE FROM note WHERE id = (SELECT max(id) FROM note)',
      );
      await db().query(drop);
      const report = await migrateSchemaWithReport(app);
      expect(report.scripts.map(s => s.status)).to.eql(['applied']);
      expect(await ledgerVersions(db())).to.eql(['20261201090000+online']);
    });

    it('adds nothing when a script fails otherwise', async () => {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE_MODEL]);
      app.migrationScript(
        class Fails implements MigrationScript {
          version = '1.0.0';
          transaction = false;
          async up(ctx: MigrationContext) {
            await ctx.execute('SELECT no_such_column FROM note');
          }
        },
      );
      const error = await rejection(migrateSchemaWithReport(app));
      expect(error.message).to.not.match(/INVALID index/);
    });
  },
);
