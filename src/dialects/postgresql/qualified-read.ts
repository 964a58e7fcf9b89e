import {connectPg, type PgConnector} from './client';

/**
 * Run `sql` (its `$1` the oid of `relation`) with an empty `search_path`,
 * as pg_dump does: `pg_get_constraintdef()`, `pg_get_expr()`,
 * `format_type()` and `pg_get_indexdef()` then qualify every object outside
 * `pg_catalog` with its schema. The relation is resolved first, under the
 * session's own `search_path` (`schema` '' names it unqualified); no row
 * when it does not exist. One read-only transaction on a client of the
 * pool, whose `search_path` is its own again after it.
 */
export async function readQualified<T>(
  connector: PgConnector,
  relation: {readonly schema: string; readonly name: string},
  sql: string,
): Promise<T[]> {
  const client = await connectPg(connector);
  try {
    await client.query('BEGIN READ ONLY');
    const {rows} = await client.query(
      `SELECT to_regclass(CASE WHEN $1 = '' THEN '' ELSE quote_ident($1) || '.' END
                          || quote_ident($2))::oid AS oid`,
      [relation.schema, relation.name],
    );
    const [{oid}] = rows as {oid: number | null}[];
    let result: T[] = [];
    if (oid !== null) {
      await client.query("SELECT set_config('search_path', '', true)");
      result = (await client.query(sql, [oid])).rows as T[];
    }
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (err) {
    await client.query('ROLLBACK').then(
      () => client.release(),
      (rollback: unknown) => client.release(rollback as Error),
    );
    throw err;
  }
}
