/** SQLSTATE `undefined_table`: a relation that does not exist. */
const UNDEFINED_TABLE = '42P01';

/**
 * The SQLSTATEs of an object a statement names that does not exist: a
 * relation, a schema, a column, a type or other object.
 */
const MISSING_OBJECT = new Set([UNDEFINED_TABLE, '3F000', '42703', '42704']);

/** Whether a PostgreSQL error says that the table queried does not exist. */
export function isMissingTable(err: unknown): boolean {
  return (err as {code?: unknown} | undefined)?.code === UNDEFINED_TABLE;
}

/**
 * Whether a PostgreSQL error says that a schema, table, column or type the
 * statement names does not exist.
 */
export function isMissingObject(err: unknown): boolean {
  return MISSING_OBJECT.has(String((err as {code?: unknown} | null)?.code));
}
