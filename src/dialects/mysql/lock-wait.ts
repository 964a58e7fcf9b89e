import {errorMessage} from '../../database-error';
import {queryConnector, type JugglerConnector} from '../../juggler';
import {describeTable, type TableRef} from '../dialect';
import type {LockHolder, LockHolders, StatementLockWait} from '../lock-impact';
import {watchMetadataWaits} from './metadata-wait-watch';

interface HolderRow {
  readonly pid: number;
  readonly tableName: string | null;
  readonly mode: string | null;
  readonly user: string | null;
  readonly host: string | null;
  readonly ms: number | string | null;
  readonly query: string | null;
}

/** How long the session's transaction (else its current command) has run. */
const SESSION_COLUMNS = `p.USER AS user, p.HOST AS host,
  COALESCE(TIMESTAMPDIFF(MICROSECOND, trx.trx_started, NOW(6)) DIV 1000, p.TIME * 1000) AS ms,
  p.INFO AS query`;
const TRX_JOIN =
  'LEFT JOIN information_schema.INNODB_TRX trx ON trx.trx_mysql_thread_id = p.ID';

/** Where each server lists metadata locks, best first. */
const METADATA_LOCK_QUERIES: readonly string[] = [
  // MariaDB, with its metadata_lock_info plugin.
  `SELECT m.THREAD_ID AS pid, m.TABLE_NAME AS tableName, m.LOCK_MODE AS mode, ${SESSION_COLUMNS}
     FROM information_schema.METADATA_LOCK_INFO m
     JOIN information_schema.PROCESSLIST p ON p.ID = m.THREAD_ID ${TRX_JOIN}
    WHERE m.TABLE_SCHEMA = DATABASE() AND m.TABLE_NAME IN (?) AND m.THREAD_ID <> CONNECTION_ID()`,
  // MySQL 5.7+ (performance_schema on, as by default in 8.0).
  `SELECT t.PROCESSLIST_ID AS pid, m.OBJECT_NAME AS tableName, m.LOCK_TYPE AS mode, ${SESSION_COLUMNS}
     FROM performance_schema.metadata_locks m
     JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID
     JOIN information_schema.PROCESSLIST p ON p.ID = t.PROCESSLIST_ID ${TRX_JOIN}
    WHERE m.OBJECT_TYPE = 'TABLE' AND m.LOCK_STATUS = 'GRANTED'
      AND m.OBJECT_SCHEMA = DATABASE() AND m.OBJECT_NAME IN (?)
      AND t.PROCESSLIST_ID <> CONNECTION_ID()`,
];

/** Sessions with an open transaction: one of them holds the table's metadata lock. */
const OPEN_TRANSACTIONS = `SELECT p.ID AS pid, NULL AS tableName, NULL AS mode, ${SESSION_COLUMNS}
     FROM information_schema.INNODB_TRX trx
     JOIN information_schema.PROCESSLIST p ON p.ID = trx.trx_mysql_thread_id
    WHERE p.ID <> CONNECTION_ID()
    ORDER BY trx.trx_started`;

/**
 * MySQL/MariaDB's `lock_wait_timeout` (metadata locks, what DDL waits for),
 * set on the apply's session and given back its own value after: the
 * servers count whole seconds, so the limit is rounded up (500 ms → 1 s;
 * 0 is MariaDB's NOWAIT, MySQL takes it as 1). A statement that waits
 * longer fails with ER_LOCK_WAIT_TIMEOUT (1205) and changes nothing. On
 * MariaDB a limit of no whole seconds is kept by watching the statements
 * (`metadata-wait-watch.ts`).
 */
export const mysqlLockWait: StatementLockWait = {
  limit: ms => [
    'SET @lsm_lock_wait_timeout = @@SESSION.lock_wait_timeout',
    `SET SESSION lock_wait_timeout = ${Math.ceil(ms / 1000)}`,
  ],
  effectiveMs: ms => Math.ceil(ms / 1000) * 1000,
  restore: ['SET SESSION lock_wait_timeout = @lsm_lock_wait_timeout'],
  isLockTimeout: err => (err as {errno?: unknown} | null)?.errno === 1205,
  // ER_QUERY_INTERRUPTED: KILL QUERY.
  isCancelled: err => (err as {errno?: unknown} | null)?.errno === 1317,
  watch: watchMetadataWaits,
  holders: mysqlLockHolders,
};

async function mysqlLockHolders(
  connector: JugglerConnector,
  tables: readonly TableRef[],
): Promise<LockHolders> {
  const names = [...new Set(tables.map(t => t.name))];
  for (const sql of METADATA_LOCK_QUERIES) {
    // Missing (no plugin) or empty (MariaDB's performance_schema is off
    // by default): the next source.
    const rows = await queryConnector<HolderRow>(connector, sql, [names]).catch(
      () => [],
    );
    if (rows.length > 0) {
      return {holders: rows.map(r => holder(r, r.tableName ?? ''))};
    }
  }
  const unavailable =
    'this server showed no metadata lock on it (MariaDB: INSTALL SONAME ' +
    "'metadata_lock_info'; MySQL: performance_schema), so these are the " +
    'sessions with an open transaction, one of which may hold the table';
  try {
    const rows = await queryConnector<HolderRow>(connector, OPEN_TRANSACTIONS);
    return {holders: rows.map(r => holder(r, names.join(', '))), unavailable};
  } catch (err) {
    return {
      holders: [],
      unavailable: `the sessions holding it could not be read: ${errorMessage(err)}`,
    };
  }
}

function holder(row: HolderRow, table: string): LockHolder {
  return {
    table: describeTable({schema: '', name: table}),
    pid: Number(row.pid),
    application: `${row.user ?? '?'}@${row.host ?? '?'}`,
    ...(row.ms !== null && {durationMs: Number(row.ms)}),
    ...(row.query !== null && {query: row.query}),
    ...(row.mode !== null && {mode: row.mode}),
  };
}
