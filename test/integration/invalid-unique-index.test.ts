import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, MigrationWillFailError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

function note(unique: boolean): ModelSpec {
  return {
    name: 'Note',
    properties: {
      id: {type: 'number', id: true, generated: true},
      title: {type: 'string', index: unique ? {unique: true} : undefined},
    },
  };
}

/**
 * An interrupted or failed `CREATE UNIQUE INDEX CONCURRENTLY` leaves an
 * INVALID index, which a run drops and builds again: over duplicate values
 * that build fails however often the run is repeated, so it is judged as
 * the plan's own statements are.
 */
describeOnDatabase(
  'postgresql',
  'an INVALID unique index left by a failed build (postgresql)',
  db => {
    let app: MigratingApp | undefined;
    beforeEach(() => dropAllTables(db()));
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
    });

    async function withInvalidIndex(values: string[]): Promise<MigratingApp> {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [note(false)]);
      await migrateSchemaWithReport(app);
      await closeApp(app);
      const marks = values.map((_, i) => `($${i + 1})`).join(', ');
      await db().query(`INSERT INTO note (title) VALUES ${marks}`, values);
      await db().query("INSERT INTO note (title) VALUES ('same'), ('same')");
      // The build fails over the duplicates, leaving the index INVALID.
      await expect(
        db().query(
          'CREATE UNIQUE INDEX CONCURRENTLY note_title_idx ON note (title)',
        ),
      ).to.be.rejectedWith(/could not create unique index/);
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [note(true)]);
      return app;
    }

    async function valid(): Promise<boolean[]> {
      const rows = await db().query<{valid: boolean}>(
        `SELECT x.indisvalid AS valid FROM pg_index x
           JOIN pg_class i ON i.oid = x.indexrelid
          WHERE i.relname = 'note_title_idx'`,
      );
      return rows.map(r => r.valid);
    }

    it('refuses to build it again over duplicates, naming them, and changes nothing', async () => {
      const target = await withInvalidIndex(['a', 'b']);
      const plan = await target.planSchemaMigration();
      const refused = plan.dataSources[0].statements.filter(s => s.willFail);
      expect(refused.map(s => s.willFail)).to.match([
        /unique index "note_title_idx" on "title" cannot be built: 1 value\(s\) of "title" occur more than once, in 2 rows of "public"\."note" \('same' \(2 rows\)\)/,
      ]);
      const error = await rejection(migrateSchemaWithReport(target));
      expect(error).to.be.instanceOf(MigrationWillFailError);
      expect(error.message).to.match(/Nothing was changed/);
      expect(await valid()).to.eql([false]);
    });

    it('builds it again once the duplicates are gone', async () => {
      const target = await withInvalidIndex(['a']);
      await db().query(
        "DELETE FROM note WHERE title = 'same' AND id = (SELECT max(id) FROM note)",
      );
      const report = await migrateSchemaWithReport(target);
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(await valid()).to.eql([true]);
    });
  },
);
