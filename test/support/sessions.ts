import {Client} from 'pg';
import mysql from 'mysql2/promise';
import {setTimeout as sleep} from 'node:timers/promises';
import {serverSettings, type TestDatabase} from './databases';
import {mysqlLockName} from '../../src/dialects/mysql/lock-name';
import {POSTGRES_LOCK_KEY} from '../../src/dialects/postgresql/lock-key';

/** The session (pid / connection id) holding the migration lock, seen from another session. */
export async function lockHolderId(
  db: TestDatabase,
): Promise<string | undefined> {
  if (db.kind === 'postgresql') {
    const unsigned = BigInt.asUintN(64, POSTGRES_LOCK_KEY);
    const rows = await db.query<{pid: number}>(
      `SELECT pid FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 1
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND classid::text = $1 AND objid::text = $2`,
      [(unsigned >> 32n).toString(), (unsigned & 0xffffffffn).toString()],
    );
    if (rows.length > 1) throw new Error('two sessions hold one lock');
    return rows[0] ? String(rows[0].pid) : undefined;
  }
  const [row] = await db.query<{id: number | null}>(
    'SELECT IS_USED_LOCK(?) AS id',
    [mysqlLockName(db.name)],
  );
  return row?.id == null ? undefined : String(row.id);
}

/**
 * End a session from another one, as an operator would
 * (`pg_terminate_backend()`, waiting until it is gone, or `KILL`).
 */
export async function terminateSession(
  db: TestDatabase,
  id: string,
): Promise<void> {
  if (db.kind === 'postgresql') {
    const [row] = await db.query<{ok: boolean}>(
      'SELECT pg_terminate_backend($1, 5000) AS ok',
      [Number(id)],
    );
    if (!row.ok) throw new Error(`session ${id} did not end`);
  } else {
    await db.query(`KILL ${Number(id)}`);
  }
}

/**
 * The id of the session that waits for a table lock while running a
 * statement that contains `statementStart` (apply statements start with a
 * tag comment; polled until it shows).
 */
export async function waitForBlockedSession(
  db: TestDatabase,
  statementStart: string,
  timeoutMs = 20_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const rows =
      db.kind === 'postgresql'
        ? await db.query<{id: number}>(
            `SELECT pid AS id FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'
                AND position($1 in query) > 0`,
            [statementStart],
          )
        : await db.query<{id: number}>(
            `SELECT ID AS id FROM information_schema.PROCESSLIST
              WHERE DB = DATABASE() AND STATE LIKE 'Waiting for table metadata lock'
                AND INSTR(INFO, ?) > 0`,
            [statementStart],
          );
    if (rows[0]) return String(rows[0].id);
    await sleep(20);
  }
  throw new Error(`no session waited on a lock for "${statementStart}"`);
}

/**
 * Open a transaction that read the tables, so that DDL on them waits for
 * it (PostgreSQL ACCESS SHARE, MySQL metadata lock) while reads go on.
 * Resolves to the function that ends it.
 */
export async function blockDdl(
  db: TestDatabase,
  tables: readonly string[],
): Promise<() => Promise<void>> {
  if (db.kind === 'postgresql') {
    const client = new Client({
      ...serverSettings('postgresql'),
      database: db.name,
    });
    await client.connect();
    await client.query('BEGIN');
    for (const table of tables) await client.query(`SELECT * FROM ${table}`);
    return async () => {
      await client.query('ROLLBACK');
      await client.end();
    };
  }
  const conn = await mysql.createConnection({
    ...serverSettings('mysql'),
    database: db.name,
  });
  await conn.query('START TRANSACTION');
  for (const table of tables) await conn.query(`SELECT * FROM ${table}`);
  return async () => {
    await conn.query('ROLLBACK');
    await conn.end();
  };
}

/** Errors Node would have crashed the process with, from `start()` to `stop()`. */
export function watchUncaught(): {stop(): unknown[]} {
  const seen: unknown[] = [];
  const monitor = (err: unknown) => seen.push(err);
  process.on('uncaughtExceptionMonitor', monitor);
  return {
    stop() {
      process.removeListener('uncaughtExceptionMonitor', monitor);
      return seen;
    },
  };
}
