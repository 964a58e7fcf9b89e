import {IDENTIFIER} from '../../planner/statement-clauses';

/**
 * The comment that marks a column whose back-fill has not finished: set in
 * the plan's transaction with the column, cleared after the back-fill, so
 * that a run after an interruption finds it and back-fills what is left.
 */
export const BACK_FILL_MARK = 'lsm:back-fill pending';

/** Rows updated per committed batch of a back-fill. */
export const BACK_FILL_BATCH = 10_000;

/**
 * Defaults that give each row its own value (volatile functions): adding a
 * column with one rewrites the whole table under an exclusive lock.
 * `now()` and `CURRENT_TIMESTAMP` are stable: PostgreSQL 11+ adds those
 * without a rewrite.
 */
const VOLATILE =
  /\b(?:random|gen_random_uuid|uuid_generate_v1|uuid_generate_v1mc|uuid_generate_v4|clock_timestamp|timeofday|nextval)\s*\(/i;

const ADD_COLUMN_DEFAULT = new RegExp(
  `^ADD\\s+COLUMN\\s+(${IDENTIFIER})\\s+([\\s\\S]*?)\\s+DEFAULT\\s+([\\s\\S]+)$`,
  'i',
);

/** A nullable column added with a volatile default, split from its back-fill. */
export interface VolatileAdd {
  /** The column, as written in the clause. */
  readonly column: string;
  readonly expression: string;
  /** The clauses that replace the original: the column without the default, then the default for new rows. */
  readonly clauses: readonly string[];
}

/**
 * The split of an `ADD COLUMN c <type> DEFAULT <volatile>` clause, or
 * `undefined` for any other clause. A NOT NULL column keeps its plain form
 * (its NULLs would stand in the way of a run after an interruption).
 */
export function volatileAdd(clause: string): VolatileAdd | undefined {
  const m = ADD_COLUMN_DEFAULT.exec(clause.trim());
  if (!m || !VOLATILE.test(m[3]) || /\bNOT\s+NULL\b/i.test(m[2])) {
    return undefined;
  }
  const [, column, type, expression] = m;
  return {
    column,
    expression,
    clauses: [
      `ADD COLUMN ${column} ${type}`,
      `ALTER COLUMN ${column} SET DEFAULT ${expression}`,
    ],
  };
}

/** How a back-fill ({@link backFillSql}) begins. */
export const BACK_FILL_START = 'DO $lsm$ DECLARE filled bigint; BEGIN LOOP';

/**
 * Fill a column's NULLs with `expression`, in batches that commit one by
 * one (so no lock is held for long): run outside any transaction.
 */
export function backFillSql(
  table: string,
  column: string,
  expression: string,
): string {
  return [
    BACK_FILL_START,
    `UPDATE ${table} SET ${column} = ${expression} WHERE ctid = ANY (ARRAY(` +
      `SELECT ctid FROM ${table} WHERE ${column} IS NULL LIMIT ${BACK_FILL_BATCH}));`,
    'GET DIAGNOSTICS filled = ROW_COUNT; EXIT WHEN filled = 0; COMMIT;',
    'END LOOP; END $lsm$',
  ].join(' ');
}

/** Whether `sql` is a back-fill {@link backFillSql} wrote. */
export function isBackFill(sql: string): boolean {
  return sql.startsWith(BACK_FILL_START);
}

/** The statement that marks (or, with `null`, unmarks) a column. */
export function markSql(
  table: string,
  column: string,
  mark: string | null,
): string {
  return `COMMENT ON COLUMN ${table}.${column} IS ${mark === null ? 'NULL' : `'${mark}'`}`;
}
