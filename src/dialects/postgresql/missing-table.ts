/** SQLSTATE `undefined_table`: a relation that does not exist. */
const UNDEFINED_TABLE = '42P01';

/** Whether a PostgreSQL error says that the table queried does not exist. */
export function isMissingTable(err: unknown): boolean {
  return (err as {code?: unknown} | undefined)?.code === UNDEFINED_TABLE;
}
