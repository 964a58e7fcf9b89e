/** Runs one query and resolves to its rows: a datasource's or a connector's. */
export type RunQuery = (sql: string, params: unknown[]) => Promise<unknown>;

/**
 * Whether a table exists: `schema` null for the current database. Asked
 * before `CREATE TABLE IF NOT EXISTS`, which needs the CREATE privilege
 * even when the table exists.
 */
export async function tableExists(
  run: RunQuery,
  schema: string | null,
  name: string,
): Promise<boolean> {
  const rows = (await run(
    `SELECT COUNT(*) AS n FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?`,
    [schema, name],
  )) as {n: number | string}[];
  return Number(rows[0]?.n) > 0;
}
