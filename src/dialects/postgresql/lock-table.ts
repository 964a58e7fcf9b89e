import {queryConnector} from '../../juggler';
import type {LockTable} from '../lock-table';

interface CapacityRow {
  readonly perTransaction: number | string;
  readonly connections: number | string;
  readonly prepared: number | string;
}

/**
 * Entries of PostgreSQL's lock table, counted from `pg_locks` on
 * PostgreSQL 15 and rounded up: a new table locks itself, its primary key,
 * sequence, TOAST table and index and its row type (7 to 12 entries), each
 * unique constraint its index, each foreign key both tables and its
 * triggers; a column type change that rewrites the table locks the old and
 * the new files of the table, its indexes and TOAST table (up to ~22 with
 * one index); most other changes lock one or two objects. A transaction
 * also locks its own id and the schema it creates in, once.
 */
const CREATE_TABLE = 12;
const PER_UNIQUE = 3;
const PER_FOREIGN_KEY = 5;
const REWRITE = 24;
const DROP_TABLE = 14;
const OTHER = 3;
const PER_TRANSACTION = 3;

function count(sql: string, pattern: RegExp): number {
  return sql.match(pattern)?.length ?? 0;
}

/**
 * PostgreSQL's shared lock table: `max_locks_per_transaction` ×
 * (`max_connections` + `max_prepared_transactions`) entries, the number the
 * documentation gives ("no more than this many distinct objects can be
 * locked at any one time"); a transaction that locks more fails with "out
 * of shared memory" once the server's spare shared memory is used up.
 */
export const postgresqlLockTable: LockTable = {
  perTransaction: PER_TRANSACTION,

  entries(sql) {
    // Each foreign key, inline or a constraint, has one REFERENCES.
    const keys = count(sql, /\bREFERENCES\b/gi) * PER_FOREIGN_KEY;
    if (/^\s*CREATE\s+TABLE\b/i.test(sql)) {
      return CREATE_TABLE + count(sql, /\bUNIQUE\b/gi) * PER_UNIQUE + keys;
    }
    if (/^\s*DROP\s+TABLE\b/i.test(sql)) return DROP_TABLE;
    if (/^\s*ALTER\s+TABLE\b/i.test(sql)) {
      return OTHER + keys + (/\bTYPE\b/i.test(sql) ? REWRITE : 0);
    }
    return OTHER;
  },

  async capacity(connector) {
    const [row] = await queryConnector<CapacityRow>(
      connector,
      `SELECT current_setting('max_locks_per_transaction') AS "perTransaction",
              current_setting('max_connections') AS "connections",
              current_setting('max_prepared_transactions') AS "prepared"`,
    );
    const perTransaction = Number(row.perTransaction);
    const sessions = Number(row.connections) + Number(row.prepared);
    return {
      entries: perTransaction * sessions,
      from:
        `max_locks_per_transaction ${perTransaction} × (max_connections ${row.connections} ` +
        `+ max_prepared_transactions ${row.prepared})`,
      remedy:
        'Raise max_locks_per_transaction (a server restart) to keep such a plan in one transaction.',
    };
  },
};
