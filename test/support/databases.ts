import {randomBytes} from 'node:crypto';
import mysql from 'mysql2/promise';
import {Client} from 'pg';
import {startEmbeddedTestDatabase} from './embedded-database';

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
  /** Its name (`current_database()`); `postgres` when embedded. */
  readonly name: string;
  /**
   * True when it is an embedded PostgreSQL (PGlite), standing in for an
   * unreachable server outside CI: one database per instance, and one
   * session shared by every connection. See {@link skipOnEmbedded}.
   */
  readonly embedded: boolean;
  /** Settings for a juggler DataSource on this database. */
  readonly dataSourceConfig: Record<string, unknown>;
  /** Run SQL on the database (outside any app) and return the rows. */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<T[]>;
  drop(): Promise<void>;
}

/** Network errors that mean "no server there". */
const UNREACHABLE = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH'];

/** Set once the PostgreSQL server was found unreachable: the reason. */
let postgresUnreachable: string | undefined;

/**
 * Create a uniquely named database. When the server cannot be reached, outside
 * CI (`CI=true` makes that an error): PostgreSQL suites get an embedded
 * PostgreSQL instead (`embedded: true`), MySQL ones `undefined`, and the
 * caller skips.
 */
export async function createTestDatabase(
  kind: DatabaseKind,
): Promise<TestDatabase | undefined> {
  const prefix = process.env.LSM_TEST_DB_PREFIX ?? 'lsm';
  if (!/^[a-z][a-z0-9_]*$/.test(prefix)) {
    throw new Error(
      `LSM_TEST_DB_PREFIX must be lower-case letters, digits and _, got "${prefix}"`,
    );
  }
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (kind === 'postgresql' && postgresUnreachable) return createEmbedded();
  try {
    return kind === 'postgresql'
      ? await createPostgres(name)
      : await createMysql(name);
  } catch (err) {
    const code = (err as {code?: string}).code ?? '';
    if (!UNREACHABLE.includes(code) || process.env.CI === 'true') throw err;
    const {host, port} = serverSettings(kind);
    if (kind === 'postgresql') {
      postgresUnreachable = `${host}:${port} (${code})`;
      return createEmbedded();
    }
    console.warn(
      `\n  !!! ${kind} server unreachable at ${host}:${port} (${code}): its suite is SKIPPED. ` +
        'Start it or set its environment variables (DEVELOPERS.md).\n',
    );
    return undefined;
  }
}

let announced = false;

async function createEmbedded(): Promise<TestDatabase> {
  const embedded = await startEmbeddedTestDatabase();
  if (!announced) {
    announced = true;
    console.warn(
      `\n  !!! PostgreSQL server unreachable at ${postgresUnreachable}: the PostgreSQL ` +
        `suites run on an EMBEDDED PostgreSQL (PGlite, PostgreSQL ${embedded.serverVersion}) ` +
        'instead, and tests that need separate database sessions are SKIPPED. ' +
        'Start a server or set PGHOST/PGPORT (DEVELOPERS.md) to run them all; ' +
        'with CI=true this is a failure.\n',
    );
  }
  return {
    kind: 'postgresql',
    name: 'postgres',
    embedded: true,
    dataSourceConfig: {connector: 'postgresql', ...embedded.settings},
    query: async <T>(sql: string, params?: unknown[]) =>
      (await embedded.client.query(sql, params)).rows as T[],
    drop: () => embedded.stop(),
  };
}

/**
 * Skip the calling suite (from a `before` hook) or test on the embedded
 * PostgreSQL, saying why: use it for behaviour that needs separate database
 * sessions, which PGlite does not have.
 */
export function skipOnEmbedded(
  context: Mocha.Context,
  db: TestDatabase | undefined,
  reason: string,
): void {
  if (!db?.embedded) return;
  // In a hook (`currentTest` is set) name the suite, in a test the test.
  const title = context.currentTest
    ? context.test?.parent?.fullTitle()
    : context.test?.fullTitle();
  console.warn(
    `    !!! SKIPPED on the embedded PostgreSQL: ${title}: ${reason}`,
  );
  context.skip();
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
    embedded: false,
    dataSourceConfig: {connector: 'postgresql', ...settings, database: name},
    query: async <T>(sql: string, params?: unknown[]) =>
      (await client.query(sql, params)).rows as T[],
    drop: async () => {
      await client.end();
      const dropper = new Client({...settings, database: 'postgres'});
      await dropper.connect();
      try {
        // A plain DROP waits (up to 5 s) for sessions still closing: the
        // connector 7.x strips the error listeners of its pool's clients,
        // so one that FORCE ends while it closes crashes the process.
        await dropper.query(`DROP DATABASE IF EXISTS ${name}`).catch(err => {
          if ((err as {code?: string}).code !== '55006') throw err;
          return dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        });
      } finally {
        await dropper.end();
      }
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
    embedded: false,
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
    describeOnDatabase(kind, `${title} (${kind})`, db => body(db, kind));
  }
}

/**
 * Declare a mocha suite on a fresh database of one kind, skipped when its
 * server cannot be reached.
 */
export function describeOnDatabase(
  kind: DatabaseKind,
  title: string,
  body: (db: () => TestDatabase) => void,
): void {
  describe(title, function () {
    let db: TestDatabase | undefined;
    before(async function () {
      db = await createTestDatabase(kind);
      if (!db) this.skip();
    });
    body(() => db!);
    // Registered after the body's own hooks, so that it runs after them:
    // an `after` of the body may still use the database.
    after(async () => {
      await db?.drop();
    });
  });
}
