import {expect} from '@loopback/testlab';
import mysql from 'mysql2/promise';
import {setTimeout as sleep} from 'node:timers/promises';
import {Client} from 'pg';
import {
  migrateSchemaWithReport,
  mysqlLockName,
  POSTGRES_LOCK_KEY,
} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {
  createTestDatabase,
  serverSettings,
  type TestDatabase,
} from '../support/databases';

describe('the migration locks of a run over two databases', () => {
  let pg: TestDatabase | undefined;
  let my: TestDatabase | undefined;
  before(async function () {
    pg = await createTestDatabase('postgresql');
    my = await createTestDatabase('mysql');
    if (!pg || !my || pg.embedded) this.skip();
  });
  after(async () => {
    await pg?.drop();
    await my?.drop();
  });

  // Two replicas starting together, each with a PostgreSQL and a MariaDB
  // datasource: planned at the same time, one took the MariaDB lock and
  // waited for the PostgreSQL one, the other the reverse, and both waited
  // lockTimeoutMs (60 s) for a MigrationLockTimeoutError.
  it('takes them in the order the datasources are found: a run waiting for the first holds no other', async () => {
    const id = {type: 'number', id: true, generated: true};
    const app = buildApp(
      MigratingApp,
      {pg: pg!.dataSourceConfig, my: my!.dataSourceConfig},
      [
        {
          name: 'Note',
          properties: {id, body: {type: 'string'}},
          dataSource: 'pg',
        },
        {
          name: 'Tag',
          properties: {id, label: {type: 'string'}},
          dataSource: 'my',
        },
      ],
    );
    // The other replica holds the first database's lock...
    const pgHolder = new Client({
      ...serverSettings('postgresql'),
      database: pg!.name,
    });
    await pgHolder.connect();
    const myHolder = await mysql.createConnection({
      ...serverSettings('mysql'),
      database: my!.name,
    });
    try {
      await pgHolder.query('SELECT pg_advisory_lock($1::bigint)', [
        POSTGRES_LOCK_KEY.toString(),
      ]);
      const run = migrateSchemaWithReport(app, {lockTimeoutMs: 30_000});
      run.catch(() => undefined);
      await sleep(1_500);
      // ... and takes the second's next: this run, waiting for the first,
      // must not hold it.
      const [rows] = await myHolder.query<mysql.RowDataPacket[]>(
        'SELECT GET_LOCK(?, 2) AS got',
        [mysqlLockName(my!.name)],
      );
      expect(rows[0].got).to.equal(1);
      await myHolder.query('SELECT RELEASE_LOCK(?)', [mysqlLockName(my!.name)]);
      await pgHolder.query('SELECT pg_advisory_unlock($1::bigint)', [
        POSTGRES_LOCK_KEY.toString(),
      ]);
      const report = await run;
      expect(report.dataSources.map(d => [d.name, d.status])).to.eql([
        ['pg', 'migrated'],
        ['my', 'migrated'],
      ]);
    } finally {
      await pgHolder.end();
      await myHolder.end();
      await closeApp(app);
    }
  });
});
