import {createHash} from 'node:crypto';
import {
  IDENTIFIER,
  splitClauses,
  unquote,
} from '../../planner/statement-clauses';
import {plainForm, type OnlineForm} from '../../runner/online-forms';
import type {PlannedStatement} from '../../types';
import {
  BACK_FILL_BATCH,
  BACK_FILL_MARK,
  backFillSql,
  markSql,
  volatileAdd,
} from './online-backfill';

/** Check constraints that stand in for NOT NULL while it is validated. */
export const NOT_NULL_CHECK_PREFIX = 'lsm_nn_';

/** PostgreSQL's NAMEDATALEN - 1. */
const MAX_NAME_BYTES = 63;

const TABLE = `${IDENTIFIER}(?:\\s*\\.\\s*${IDENTIFIER})?`;
const CREATE_INDEX = /^CREATE\s+(UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY\b)/i;
const ALTER_TABLE = new RegExp(
  `^(ALTER\\s+TABLE\\s+(?:ONLY\\s+)?${TABLE})\\s+([\\s\\S]+)$`,
  'i',
);
const ADD_FOREIGN_KEY = new RegExp(
  `^ADD\\s+CONSTRAINT\\s+(${IDENTIFIER})\\s+FOREIGN\\s+KEY\\b(?![\\s\\S]*\\bNOT\\s+VALID\\s*$)`,
  'i',
);
const SET_NOT_NULL = new RegExp(
  `^ALTER\\s+COLUMN\\s+(${IDENTIFIER})\\s+SET\\s+NOT\\s+NULL\\s*$`,
  'i',
);

/**
 * The online form of one statement that changes an existing table:
 * - `CREATE [UNIQUE] INDEX` → `CREATE [UNIQUE] INDEX CONCURRENTLY`, outside
 *   any transaction (writes go on during the build);
 * - `ADD CONSTRAINT ... FOREIGN KEY` → the same `NOT VALID` in the
 *   transaction (a brief lock, no scan), then `VALIDATE CONSTRAINT` in a
 *   transaction of its own (a scan that lets writes through); also each
 *   key of a statement that adds several (the connector adds every new key
 *   of a model in one `ALTER TABLE`: a through model's two);
 * - `ADD COLUMN c <type> DEFAULT <volatile>` (nullable) → the column
 *   without the default and the default for new rows in the transaction
 *   (no table rewrite), then the existing rows back-filled in committed
 *   batches, outside any transaction;
 * - `ALTER COLUMN c SET NOT NULL` → a `CHECK (c IS NOT NULL) NOT VALID` in
 *   the transaction, then, each in a transaction of its own, `VALIDATE`,
 *   `SET NOT NULL` (PostgreSQL 12+ skips its scan: the valid check proves
 *   it) and the check's drop. The statement's other clauses stay in the
 *   transaction, in their statement.
 * Anything else keeps its plain form.
 */
export function pgOnlineForm(statement: PlannedStatement): OnlineForm {
  const {sql} = statement;
  if (CREATE_INDEX.test(sql)) {
    return {
      transaction: [],
      after: [{...statement, sql: concurrently(sql), phase: 'no-transaction'}],
    };
  }
  const alter = ALTER_TABLE.exec(sql.trim());
  if (!alter) return plainForm(statement);
  const [, head, body] = alter;
  const table = head.replace(/^ALTER\s+TABLE\s+(?:ONLY\s+)?/i, '');
  const clauses = splitClauses(body);
  const fk = clauses.length === 1 ? ADD_FOREIGN_KEY.exec(clauses[0]) : null;
  if (fk) {
    return {
      transaction: [{...statement, sql: `${sql.trim()} NOT VALID`}],
      after: [
        ownTransaction(
          statement,
          `ALTER TABLE ${table} VALIDATE CONSTRAINT ${fk[1]}`,
          'validates the foreign key over the stored rows (writes go on)',
        ),
      ],
    };
  }
  const notNull = clauses.flatMap(c => {
    const m = SET_NOT_NULL.exec(c);
    return m ? [m[1]] : [];
  });
  const keys = clauses.flatMap(c => {
    const m = ADD_FOREIGN_KEY.exec(c);
    return m ? [m[1]] : [];
  });
  const fills = clauses.flatMap(c => volatileAdd(c) ?? []);
  if (notNull.length === 0 && fills.length === 0 && keys.length === 0) {
    return plainForm(statement);
  }
  const kept = clauses.flatMap(c =>
    SET_NOT_NULL.test(c)
      ? []
      : ADD_FOREIGN_KEY.test(c)
        ? [`${c.trim()} NOT VALID`]
        : (volatileAdd(c)?.clauses ?? [c]),
  );
  const checks = notNull.map(column => {
    const name = quote(notNullCheckName(unquote(column)));
    return {column, name};
  });
  const added = checks.map(({column, name}) =>
    other(
      statement,
      `ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${name}, ` +
        `ADD CONSTRAINT ${name} CHECK (${column} IS NOT NULL) NOT VALID`,
      'stops new NULLs in the column at once (a brief lock, no scan)',
    ),
  );
  return {
    transaction: [
      ...(kept.length > 0
        ? [{...statement, sql: `${head} ${kept.join(', ')}`}]
        : []),
      ...fills.map(({column}) =>
        other(
          statement,
          markSql(table, column, BACK_FILL_MARK),
          'marks the column until its back-fill is done (a run after an interruption finishes it)',
        ),
      ),
      ...added,
    ],
    after: [
      ...fills.flatMap(({column, expression}) =>
        backFill(statement, table, column, expression),
      ),
      ...keys.map(name =>
        ownTransaction(
          statement,
          `ALTER TABLE ${table} VALIDATE CONSTRAINT ${name}`,
          'validates the foreign key over the stored rows (writes go on)',
        ),
      ),
      ...checks.flatMap(({column, name}) => [
        ownTransaction(
          statement,
          `ALTER TABLE ${table} VALIDATE CONSTRAINT ${name}`,
          'checks the stored rows for NULLs (writes go on)',
        ),
        ownTransaction(
          statement,
          `ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL`,
          'makes the column NOT NULL without a scan (the validated check proves it)',
        ),
        ownTransaction(
          statement,
          `ALTER TABLE ${table} DROP CONSTRAINT ${name}`,
          'drops the check that stood in for NOT NULL',
        ),
      ]),
    ],
  };
}

/**
 * Whether the online form of `statement` is one PostgreSQL refuses on a
 * partitioned table: `CREATE INDEX CONCURRENTLY`, or a `NOT VALID` foreign
 * key (see `partitionedModels`).
 */
export function refusedOnPartitioned(statement: PlannedStatement): boolean {
  if (CREATE_INDEX.test(statement.sql)) return true;
  const alter = ALTER_TABLE.exec(statement.sql.trim());
  return !!alter && splitClauses(alter[2]).some(c => ADD_FOREIGN_KEY.test(c));
}

/**
 * Fill the existing rows of a column added with a volatile default, in
 * committed batches, then unmark it.
 */
export function backFill(
  of: Pick<PlannedStatement, 'model'>,
  table: string,
  column: string,
  expression: string,
): PlannedStatement[] {
  return [
    {
      ...other(
        of,
        backFillSql(table, column, expression),
        `gives the existing rows their ${expression} in batches of ${BACK_FILL_BATCH} (writes go on)`,
      ),
      phase: 'no-transaction',
    },
    ownTransaction(
      of,
      markSql(table, column, null),
      'unmarks the column: its back-fill is done',
    ),
  ];
}

/** `CREATE [UNIQUE] INDEX ...` as `CREATE [UNIQUE] INDEX CONCURRENTLY ...`. */
export function concurrently(createIndex: string): string {
  return createIndex.replace(
    CREATE_INDEX,
    (_, unique?: string) =>
      `CREATE ${unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY `,
  );
}

/**
 * The name of the check that stands in for a column's NOT NULL: always the
 * same for a column, so that a run after a failure replaces it.
 */
export function notNullCheckName(column: string): string {
  const name = `${NOT_NULL_CHECK_PREFIX}${column}`;
  if (Buffer.byteLength(name) <= MAX_NAME_BYTES) return name;
  const hash = createHash('sha1').update(column).digest('hex').slice(0, 12);
  return `${NOT_NULL_CHECK_PREFIX}${hash}`;
}

/** A quoted PostgreSQL identifier. */
export function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function other(
  of: Pick<PlannedStatement, 'model'>,
  sql: string,
  reason: string,
): PlannedStatement {
  return {
    sql,
    ...(of.model !== undefined && {model: of.model}),
    destructive: false,
    reason,
  };
}

function ownTransaction(
  of: Pick<PlannedStatement, 'model'>,
  sql: string,
  reason: string,
): PlannedStatement {
  return {...other(of, sql, reason), phase: 'own-transaction'};
}
