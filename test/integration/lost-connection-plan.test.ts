import {expect} from '@loopback/testlab';
import {setTimeout as sleep} from 'node:timers/promises';
import mysql from 'mysql2/promise';
import {Client} from 'pg';
import {migrateSchemaWithReport, MigrationFailedError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {
  describeEachDatabase,
  serverSettings,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';
import {rejection} from '../support/rejection';
import {
  terminateSession,
  waitForBlockedSession,
  watchUncaught,
} from '../support/sessions';

/**
 * `Item` with an integer `n`, and with `n` changed to a type whose check
 * reads the stored values: `smallint` on PostgreSQL (a widening reads
 * none), `bigint` on MySQL (its probe copies the values whatever the type).
 */
function item(changed: boolean): ModelSpec {
  return {
    name: 'Item',
    properties: {
      id: {type: 'number', id: true, generated: true},
      n: changed
        ? {
            type: 'number',
            postgresql: {dataType: 'smallint'},
            mysql: {dataType: 'bigint'},
          }
        : {type: 'number'},
    },
  };
}

/**
 * Hold a lock on the table that makes every read of it wait (PostgreSQL
 * `ACCESS EXCLUSIVE`, MySQL `LOCK TABLES ... WRITE`) from a session of its
 * own; resolves to the function that lets it go.
 */
async function lockTable(
  db: TestDatabase,
  table: string,
): Promise<() => Promise<void>> {
  if (db.kind === 'postgresql') {
    const client = new Client({
      ...serverSettings('postgresql'),
      database: db.name,
    });
    await client.connect();
    await client.query('BEGIN');
    await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    return async () => {
      await client.query('ROLLBACK');
      await client.end();
    };
  }
  const conn = await mysql.createConnection({
    ...serverSettings('mysql'),
    database: db.name,
  });
  await conn.query(`LOCK TABLES ${table} WRITE`);
  return async () => {
    await conn.query('UNLOCK TABLES');
    await conn.end();
  };
}

/**
 * The plan reads the stored data on the app's own pool (here: whether
 * every value of `n` survives its type change). A session the server ends
 * there fails the run with the server's own error, changes nothing, and
 * the next run completes.
 */
describeEachDatabase(
  'a connection the server ends while the plan reads data',
  (db, kind) => {
    const table = kind === 'postgresql' ? 'item' : '`Item`';
    /** The statement of the check that reads `n` (MySQL: its copy of the values). */
    const check =
      kind === 'postgresql'
        ? 'SELECT count(("n")::SMALLINT)'
        : 'INSERT INTO lsm_probe_';
    const terminated =
      kind === 'postgresql'
        ? /terminating connection due to administrator command/
        : /Connection was killed|Connection lost/;
    let apps: MigratingApp[];

    before(function () {
      skipOnEmbedded(this, db(), 'ending a session needs separate sessions');
    });
    beforeEach(async () => {
      apps = [];
      await dropAllTables(db());
      await migrateSchemaWithReport(appWith(item(false)));
      await db().query(`INSERT INTO ${table} (n) VALUES (1), (2)`);
    });
    afterEach(async () => {
      for (const app of apps) await closeApp(app);
    });

    function appWith(model: ModelSpec): MigratingApp {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [model]);
      apps.push(app);
      return app;
    }

    async function nType(): Promise<string | undefined> {
      return (await columns(db(), 'item')).find(c => c.column === 'n')?.type;
    }

    it("rejects with the server's error, not the closed connection's, and changes nothing", async () => {
      const uncaught = watchUncaught();
      const release = await lockTable(db(), table);
      let error: Error;
      try {
        const running = rejection(migrateSchemaWithReport(appWith(item(true))));
        await terminateSession(db(), await waitForBlockedSession(db(), check));
        error = await running;
      } finally {
        await release();
      }
      // Let the connection report its end, as it does after the rejection.
      await sleep(300);
      expect(uncaught.stop()).to.eql([]);

      expect(error).to.be.instanceOf(MigrationFailedError);
      const failed = error as MigrationFailedError;
      expect((failed.cause as Error).message).to.match(terminated);
      expect(failed.message).to.match(terminated);
      expect(failed.message).not.to.match(/closed state|not queryable/);
      if (kind === 'postgresql') {
        expect(failed.database?.code).to.equal('57P01');
      }
      expect(await nType()).to.match(/^int/);

      const report = await migrateSchemaWithReport(appWith(item(true)));
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(await nType()).to.match(
        kind === 'postgresql' ? /^smallint/ : /^bigint/,
      );
      const rows = await db().query<{n: string | number}>(
        `SELECT n FROM ${table} ORDER BY id`,
      );
      expect(rows.map(r => Number(r.n))).to.eql([1, 2]);
    });
  },
);
