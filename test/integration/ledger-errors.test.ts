import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, MigrationLedgerError} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {NOTE_MODEL, noteScript} from '../support/scripts';
import {rejection} from '../support/rejection';

describeEachDatabase('the scripts ledger, when it cannot be read', db => {
  beforeEach(() => dropAllTables(db()));

  it('names the datasource and the table, keeps the database error, and runs no script', async () => {
    // A table of the ledger's name that is not a ledger (no version column).
    await db().query('CREATE TABLE schema_migration_scripts (id INT)');
    const log: string[] = [];
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      NOTE_MODEL,
    ]);
    try {
      app.migrationScript(noteScript('1.0.0', log));
      const error = await rejection(
        migrateSchemaWithReport(app, {fullCheck: true}),
      );
      expect(error).to.be.instanceOf(MigrationLedgerError);
      expect(error).to.containDeep({
        code: 'MIGRATION_LEDGER_FAILED',
        dataSource: 'db',
      });
      expect(error.message).to.match(
        /^Could not read the migration script ledger \S*schema_migration_scripts\S* of datasource "db": /,
      );
      // The database's own error, as its fields and as the cause.
      expect((error as MigrationLedgerError).database).to.not.be.undefined();
      expect(error.cause).to.be.instanceOf(Error);
      expect(log).to.eql([]);
    } finally {
      await closeApp(app);
    }
  });
});
