/**
 * The app's limit on a statement's time (MariaDB's `max_statement_time`,
 * MySQL's `max_execution_time`, which limits read-only `SELECT`s only), set
 * by the datasource's user (`CREATE USER ... WITH MAX_STATEMENT_TIME`), the
 * server or the session, is for the app's own queries. The run's own scans
 * of stored data (the data checks of a drop or a type change, a guard's
 * recount) run without it: LoopBack's `autoupdate` drops a column without
 * reading a row, so the limit must not cut the run off where stock
 * succeeds.
 */

/** The session variables that limit a statement's time. */
const LIMITS = ['max_statement_time', 'max_execution_time'] as const;

/**
 * One `SELECT` without the statement limit: MariaDB runs it under
 * `SET STATEMENT max_statement_time=0 FOR` (a `/*M!` comment, which only
 * MariaDB executes), MySQL 8.0.3+ under the `SET_VAR(max_execution_time=0)`
 * hint (a plain comment to MariaDB; MySQL 5.7 ignores it with a warning and
 * keeps its limit). The hint `MAX_EXECUTION_TIME(0)` would not do: 0 there
 * means "the session's limit applies".
 */
export function unlimitedSelect(select: string): string {
  const body = /^\s*SELECT\b([\s\S]*)$/i.exec(select);
  if (!body) throw new Error(`not a SELECT statement: ${select}`);
  return (
    '/*M! SET STATEMENT max_statement_time=0 FOR */ ' +
    `SELECT /*+ SET_VAR(max_execution_time=0) */${body[1]}`
  );
}

/** A held connection's queries. */
interface Querying {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Lift the statement limits of a held connection's session (whichever the
 * server has) for the statements the run sends on it; resolves to the
 * function that sets them back before the connection goes back to the pool.
 */
export async function liftStatementLimits(
  conn: Querying,
): Promise<() => Promise<void>> {
  const rows = (await conn.query(
    `SHOW SESSION VARIABLES WHERE Variable_name IN (${LIMITS.map(l => `'${l}'`).join(', ')})`,
  )) as Array<{Variable_name: string; Value: string}>;
  const limits = rows.filter(r =>
    (LIMITS as readonly string[]).includes(r.Variable_name),
  );
  if (limits.length === 0) return async () => undefined;
  const set = (value: (name: string) => string) =>
    `SET ${limits.map(l => `SESSION ${l.Variable_name} = ${value(l.Value)}`).join(', ')}`;
  await conn.query(set(() => '0'));
  return async () => {
    await conn.query(set(value => String(Number(value))));
  };
}
