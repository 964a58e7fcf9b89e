import {randomBytes} from 'node:crypto';
import mysql from 'mysql2/promise';
import {Client} from 'pg';

/** The SQL databases the integration suites run against. */
export type DatabaseKind = 'postgresql' | 'mysql';
export const DATABASE_KINDS: readonly DatabaseKind[] = ['postgresql', 'mysql'];

/** Connection settings, from the environment (defaults in DEVELOPERS.md). */
export function serverSettings(kind: DatabaseKind) {
  const env = process.env;
  return kind === 'postgresql'
    ? {
        host: env.PGHOST ?? '127.0.0.1',
        port: Number(env.PGPORT ?? 5432),
        user: env.PGUSER ?? 'postgres',
        password: env.PGPASSWORD ?? '',
      }
    : {
        host: env.MYSQL_HOST ?? '127.0.0.1',
        port: Number(env.MYSQL_PORT ?? 3306),
        user: env.MYSQL_USER ?? 'root',
        password: env.MYSQL_PASSWORD ?? '',
      };
}

/** A database made for one suite, dropped after it. */
export interface TestDatabase {
  readonly kind: DatabaseKind;
  readonly name: string;
  /** Settings for a juggler DataSource on this database. */
  readonly dataSourceConfig: Record<string, unknown>;
  /** Run SQL on the database (outside any app) and return the rows. */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<T[]>;
  drop(): Promise<void>;
}

/**
 * Create a uniquely named database. When the server cannot be reached the
 * result is `undefined` and the caller skips, except in CI (`CI=true`) where
 * that is an error.
 */
export async function createTestDatabase(
  kind: DatabaseKind,
): Promise<TestDatabase | undefined> {
  const name = `lsm_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  try {
    return kind === 'postgresql'
      ? await createPostgres(name)
      : await createMysql(name);
  } catch (err) {
    const code = (err as {code?: string}).code;
    const unreachable = [
      'ECONNREFUSED',
      'ENOTFOUND',
      'ETIMEDOUT',
      'EHOSTUNREACH',
    ].includes(code ?? '');
    if (!unreachable || process.env.CI === 'true') throw err;
    console.warn(
      `\n  !!! ${kind} server unreachable (${code}): its suite is SKIPPED. ` +
        'Start it or set its environment variables (DEVELOPERS.md).\n',
    );
    return undefined;
  }
}

async function createPostgres(name: string): Promise<TestDatabase> {
  const settings = serverSettings('postgresql');
  const admin = new Client({...settings, database: 'postgres'});
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const client = new Client({...settings, database: name});
  await client.connect();
  return {
    kind: 'postgresql',
    name,
    dataSourceConfig: {connector: 'postgresql', ...settings, database: name},
    query: async <T>(sql: string, params?: unknown[]) =>
      (await client.query(sql, params)).rows as T[],
    drop: async () => {
      await client.end();
      const dropper = new Client({...settings, database: 'postgres'});
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

async function createMysql(name: string): Promise<TestDatabase> {
  const settings = serverSettings('mysql');
  const conn = await mysql.createConnection({
    ...settings,
    multipleStatements: false,
  });
  await conn.query(`CREATE DATABASE ${name}`);
  await conn.query(`USE ${name}`);
  return {
    kind: 'mysql',
    name,
    dataSourceConfig: {connector: 'mysql', ...settings, database: name},
    query: async <T>(sql: string, params?: unknown[]) => {
      const [rows] = await conn.query(sql, params);
      return rows as T[];
    },
    drop: async () => {
      await conn.query(`DROP DATABASE IF EXISTS ${name}`);
      await conn.end();
    },
  };
}

/**
 * Declare one mocha suite per database kind, each on a fresh database of its
 * own, in the style of Kysely's `for (const dialect of DIALECTS)`.
 */
export function describeEachDatabase(
  title: string,
  body: (db: () => TestDatabase, kind: DatabaseKind) => void,
): void {
  for (const kind of DATABASE_KINDS) {
    describe(`${title} (${kind})`, function () {
      let db: TestDatabase | undefined;
      before(async function () {
        db = await createTestDatabase(kind);
        if (!db) this.skip();
      });
      after(async () => {
        await db?.drop();
      });
      body(() => db!, kind);
    });
  }
}
