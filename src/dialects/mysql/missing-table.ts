/** `ER_NO_SUCH_TABLE`: a table that does not exist. */
export const NO_SUCH_TABLE = 1146;

/** Whether a MySQL / MariaDB error says that the table queried does not exist. */
export function isMissingTable(err: unknown): boolean {
  return (
    Number((err as {errno?: unknown} | undefined)?.errno) === NO_SUCH_TABLE
  );
}
