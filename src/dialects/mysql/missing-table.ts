/** `ER_NO_SUCH_TABLE`: a table that does not exist. */
export const NO_SUCH_TABLE = 1146;

/**
 * The errors of an object a statement names that does not exist: a
 * database (1049), a table (1051, 1146), a column (1054), a column or key
 * to drop (1091), a key (1176).
 */
const MISSING_OBJECT = new Set([1049, 1051, NO_SUCH_TABLE, 1054, 1091, 1176]);

/** Whether a MySQL / MariaDB error says that the table queried does not exist. */
export function isMissingTable(err: unknown): boolean {
  return (
    Number((err as {errno?: unknown} | undefined)?.errno) === NO_SUCH_TABLE
  );
}

/**
 * Whether a MySQL / MariaDB error says that a database, table, column or
 * key the statement names does not exist.
 */
export function isMissingObject(err: unknown): boolean {
  return MISSING_OBJECT.has(Number((err as {errno?: unknown} | null)?.errno));
}
