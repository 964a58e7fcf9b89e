import type {JugglerConnector} from '../../juggler';
import {firstCount} from '../../planner/loss/checks';
import {connectPg, type HeldPgClient, type PgConnector} from './client';

/**
 * Run the run's own scans of stored data (the data checks of a drop or a
 * type change, a guard's `VALIDATE CONSTRAINT`) on a client of the pool
 * without the app's `statement_timeout` (a datasource, role or database
 * setting): LoopBack's `autoupdate` drops a column without reading a row, so
 * a limit the app sets for its own queries must not cut the run off where
 * stock succeeds, as it does not the online phases. The client gets its
 * session's own limit back (`RESET`) before it goes back to the pool; one
 * that cannot is discarded.
 */
export async function withoutStatementTimeout<T>(
  connector: JugglerConnector,
  scan: (client: HeldPgClient) => Promise<T>,
): Promise<T> {
  const client = await connectPg(connector as PgConnector);
  try {
    await client.query('SET statement_timeout = 0');
    return await scan(client);
  } finally {
    await client.query('RESET statement_timeout').then(
      () => client.release(),
      (err: unknown) => client.release(err as Error),
    );
  }
}

/** `COUNT` over a table without the app's `statement_timeout`. */
export function countWithoutStatementTimeout(
  connector: JugglerConnector,
  sql: string,
): Promise<number> {
  return withoutStatementTimeout(connector, async client => {
    const {rows} = await client.query(sql);
    return firstCount(rows as ReadonlyArray<Record<string, unknown>>);
  });
}
