import {expect} from '@loopback/testlab';
import mysql from 'mysql2/promise';
import {setTimeout as sleep} from 'node:timers/promises';
import {migrateSchemaWithReport, type SchemaMigrationReport} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeOnDatabase, serverSettings} from '../support/databases';
import {NOTE_WITH_BODY, noteWithShortTitle} from '../support/note-models';

/**
 * The check of a MySQL / MariaDB type change copies the column's values
 * into a probe table (`INSERT ... SELECT`), which under the default
 * REPEATABLE READ locks every row it reads: the app's writes to the table
 * waited for the whole copy, and the copy waited for any row an app's
 * transaction held. It reads as a plain SELECT does instead.
 */
describeOnDatabase('mysql', 'the check of a type change (mysql)', db => {
  beforeEach(() => dropAllTables(db()));

  it("reads the values without waiting for a row an app's transaction holds", async () => {
    const v1 = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      NOTE_WITH_BODY,
    ]);
    await v1.migrateSchema();
    await closeApp(v1);
    await db().query(
      `INSERT INTO Note (title, body) VALUES ('short', 'a'), (REPEAT('x', 30), 'b')`,
    );
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      noteWithShortTitle('mysql'),
    ]);
    const writer = await mysql.createConnection({
      ...serverSettings('mysql'),
      database: db().name,
    });
    try {
      await writer.query('START TRANSACTION');
      await writer.query(
        `UPDATE Note SET body = 'held', title = 'now short' WHERE body = 'b'`,
      );
      const planned = await Promise.race([
        migrateSchemaWithReport(app, {dryRun: true}),
        sleep(5000).then(() => 'still waiting' as const),
      ]);
      expect(planned).to.not.equal('still waiting');
      const [statement] = (planned as SchemaMigrationReport).dataSources[0]
        .statements;
      // The stored (committed) value, not the transaction's.
      expect(statement.willFail).to.match(
        /^1 stored value of column "title" \(id 2\) cannot be converted/,
      );
    } finally {
      await writer.query('ROLLBACK');
      await writer.end();
      await closeApp(app);
    }
  });
});
