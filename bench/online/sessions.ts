import mysql from 'mysql2/promise';
import {Client} from 'pg';
import {
  serverSettings,
  type DatabaseKind,
  type TestDatabase,
} from '../../test/support/databases';
import {tableNames} from './models';

/** One raw driver connection of the load, outside any LoopBack app. */
export interface SqlSession {
  query(sql: string, params?: readonly unknown[]): Promise<void>;
  close(): Promise<void>;
}

/** Open a raw `pg` or `mysql2` connection to the database. */
export async function openSession(
  db: TestDatabase,
  applicationName: string,
): Promise<SqlSession> {
  const settings = serverSettings(db.kind);
  if (db.kind === 'postgresql') {
    const client = new Client({
      ...settings,
      database: db.name,
      application_name: applicationName,
    });
    await client.connect();
    return {
      query: async (sql, params) => {
        await client.query(sql, params ? [...params] : undefined);
      },
      close: () => client.end(),
    };
  }
  const connection = await mysql.createConnection({
    ...settings,
    database: db.name,
  });
  return {
    query: async (sql, params) => {
      await connection.query(sql, params ? [...params] : undefined);
    },
    close: () => connection.end(),
  };
}

/** The statements of the load, in the database's own spelling. */
export interface LoadStatements {
  /** Params: customer id, amount, code. */
  readonly insert: string;
  /** Params: order id. */
  readonly update: string;
  /** Params: order id. */
  readonly select: string;
  /** The long transaction's row lock (params: order id), after BEGIN. */
  readonly lockRow: string;
}

/** The load's statements on `Order`. */
export function loadStatements(kind: DatabaseKind): LoadStatements {
  const {order} = tableNames(kind);
  if (kind === 'postgresql') {
    const t = `"${order}"`;
    return {
      insert: `INSERT INTO ${t} (customerid, amount, code) VALUES ($1, $2, $3)`,
      update: `UPDATE ${t} SET amount = amount + 1 WHERE id = $1`,
      select: `SELECT * FROM ${t} WHERE id = $1`,
      lockRow: `UPDATE ${t} SET amount = amount WHERE id = $1`,
    };
  }
  const t = `\`${order}\``;
  return {
    insert: `INSERT INTO ${t} (customerId, amount, code) VALUES (?, ?, ?)`,
    update: `UPDATE ${t} SET amount = amount + 1 WHERE id = ?`,
    select: `SELECT * FROM ${t} WHERE id = ?`,
    lockRow: `UPDATE ${t} SET amount = amount WHERE id = ?`,
  };
}
