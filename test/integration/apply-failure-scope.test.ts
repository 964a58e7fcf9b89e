import type {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import mysql from 'mysql2/promise';
import {Client} from 'pg';
import {setTimeout as sleep} from 'node:timers/promises';
import {migrateSchemaWithReport, MigrationFailedError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {
  describeEachDatabase,
  serverSettings,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';
import {rejection} from '../support/rejection';

const ID = {type: 'number', id: true, generated: true} as const;
const NOTED = {note: {type: 'string'}};

/** `Alpha` on datasource `a`, `Beta` on `b`, with `extra` properties. */
const models = (extra: ModelSpec['properties']): ModelSpec[] => [
  {name: 'Alpha', dataSource: 'a', properties: {id: ID, ...extra}},
  {name: 'Beta', dataSource: 'b', properties: {id: ID, ...extra}},
];

/** A session of "the app" in an open transaction that read `table`. */
async function holdTable(db: TestDatabase, table: string) {
  if (db.kind === 'postgresql') {
    const client = new Client({
      ...serverSettings('postgresql'),
      database: db.name,
    });
    await client.connect();
    await client.query('BEGIN');
    await client.query(`SELECT * FROM ${table}`);
    return {end: () => client.query('COMMIT').then(() => client.end())};
  }
  const conn = await mysql.createConnection({
    ...serverSettings('mysql'),
    database: db.name,
  });
  await conn.query('START TRANSACTION');
  await conn.query(`SELECT * FROM \`${table}\``);
  return {end: () => conn.query('COMMIT').then(() => conn.end())};
}

/** Whether a session waits for a table lock to alter `table`. */
async function alterWaits(db: TestDatabase, table: string): Promise<boolean> {
  const rows = await db.query(
    db.kind === 'postgresql'
      ? `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%ALTER TABLE%${table}%'`
      : `SELECT 1 FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for table metadata lock' AND INFO LIKE '%ALTER TABLE%${table}%'`,
  );
  return rows.length > 0;
}

describeEachDatabase(
  'a failure during apply that comes from no statement',
  (db, kind) => {
    const pg = kind === 'postgresql';
    const apps: MigratingApp[] = [];
    before(function () {
      skipOnEmbedded(this, db(), 'needs a second session holding a lock');
    });
    afterEach(async () => {
      for (const app of apps.splice(0)) await closeApp(app);
    });
    const app = (
      extra: ModelSpec['properties'],
      b: Record<string, unknown> = {},
    ) => {
      const made = buildApp(
        MigratingApp,
        {a: db().dataSourceConfig, b: {...db().dataSourceConfig, ...b}},
        models(extra),
      );
      apps.push(made);
      return made;
    };

    it('says the datasource migrated before stays migrated when no connection of the next one comes to apply', async () => {
      await migrateSchemaWithReport(app({}), {});
      // The app holds the only connection of "b" once the run has planned
      // both datasources: it took it while "a" waited for a table lock.
      const migrating = app(NOTED, pg ? {max: 1} : {connectionLimit: 1});
      const dsB = await migrating.get<juggler.DataSource>('datasources.b');
      const holder = await holdTable(db(), pg ? 'alpha' : 'Alpha');
      let busy: juggler.Transaction | undefined;
      let error: Error;
      try {
        const running = rejection(
          migrateSchemaWithReport(migrating, {lockTimeoutMs: 4_000}),
        );
        for (let i = 0; i < 200 && !(await alterWaits(db(), 'alpha')); i++) {
          await sleep(25);
        }
        busy = await dsB.beginTransaction({isolationLevel: 'READ COMMITTED'});
        await holder.end();
        error = await running;
      } finally {
        await Promise.resolve(busy?.rollback()).catch(() => undefined);
      }
      expect(error).to.be.instanceOf(MigrationFailedError);
      const failed = error as MigrationFailedError;
      expect(failed.dataSource).to.equal('b');
      expect(failed.message).to.match(
        /failed while checking out a connection to apply: waited \d+ ms for a connection from the pool of datasource "b"/,
      );
      expect(failed.message).to.not.match(/Nothing was changed/);
      expect(failed.message).to.match(
        /\nDatasource "b" was not changed; datasource "a" was migrated before it and stays migrated\./,
      );
      expect(failed.applied).to.eql([]);
      expect(failed.report.dataSources.map(ds => [ds.name, ds.status])).to.eql([
        ['a', 'migrated'],
        ['b', 'failed'],
      ]);
    });
  },
);
