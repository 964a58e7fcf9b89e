import {queryConnector} from '../../juggler';
import {describeTable} from '../dialect';
import type {LockHolder, StatementLockWait} from '../lock-impact';

interface HolderRow {
  readonly schema: string;
  readonly table: string;
  readonly pid: number;
  readonly application: string | null;
  readonly ms: number | string | null;
  readonly query: string | null;
  readonly mode: string;
}

/**
 * PostgreSQL's `lock_timeout`, set LOCAL in the apply's transaction (it ends
 * with it): a statement that waits longer for a lock fails with SQLSTATE
 * 55P03 and the transaction rolls back, whole. `lock_timeout = 0` would
 * mean no limit: a limit of 0 ms is sent as 1 ms.
 */
export const postgresqlLockWait: StatementLockWait = {
  limit: ms => [`SET LOCAL lock_timeout = '${Math.max(1, Math.ceil(ms))}ms'`],
  effectiveMs: ms => Math.max(1, Math.ceil(ms)),
  restore: [],
  isLockTimeout: err => (err as {code?: unknown} | null)?.code === '55P03',
  // query_canceled by pg_cancel_backend(), not by statement_timeout (the
  // same SQLSTATE, told apart by its message only).
  isCancelled: err => {
    const {code, message} = (err ?? {}) as {code?: unknown; message?: unknown};
    return code === '57014' && !String(message).includes('statement timeout');
  },

  async holders(connector, tables) {
    // Granted relation locks of other sessions (pg_locks), with what they
    // run (pg_stat_activity): their transaction holds the lock until it ends.
    const rows = await queryConnector<HolderRow>(
      connector,
      `SELECT n.nspname AS "schema", c.relname AS "table", a.pid,
              a.application_name AS "application",
              round(extract(epoch FROM now() - coalesce(a.xact_start, a.query_start)) * 1000) AS "ms",
              a.query, l.mode
         FROM pg_catalog.pg_locks l
         JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
         JOIN pg_catalog.pg_class c ON c.oid = l.relation
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE l.granted AND l.locktype = 'relation' AND l.pid <> pg_backend_pid()
          AND n.nspname = ANY($1) AND c.relname = ANY($2)
        ORDER BY a.xact_start NULLS LAST, a.pid`,
      [
        [...new Set(tables.map(t => t.schema))],
        [...new Set(tables.map(t => t.name))],
      ],
    );
    const wanted = new Set(tables.map(t => `${t.schema}.${t.name}`));
    const holders: LockHolder[] = rows
      .filter(r => wanted.has(`${r.schema}.${r.table}`))
      .map(r => ({
        table: describeTable({schema: r.schema, name: r.table}),
        pid: Number(r.pid),
        application: r.application ?? '',
        ...(r.ms !== null && {durationMs: Number(r.ms)}),
        ...(r.query !== null && {query: r.query}),
        mode: r.mode,
      }));
    return {holders};
  },
};
