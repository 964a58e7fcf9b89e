/** Runs one query and resolves to its rows: a datasource's or a connector's. */
export type RunQuery = (sql: string, params: unknown[]) => Promise<unknown>;

/**
 * Whether a table exists: `table` quoted, with its schema or found through
 * the `search_path`. Asked before `CREATE TABLE IF NOT EXISTS`, which needs
 * the CREATE privilege on the schema even when the table exists.
 */
export async function tableExists(
  run: RunQuery,
  table: string,
): Promise<boolean> {
  const rows = (await run('SELECT to_regclass($1) IS NOT NULL AS "exists"', [
    table,
  ])) as {exists: boolean}[];
  return rows[0]?.exists === true;
}
