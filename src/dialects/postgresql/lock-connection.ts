/** The migration lock's own connection on PostgreSQL (see `runner/lock-connection.ts`). */
import type {JugglerConnector} from '../../juggler';
import {
  watch,
  type LockConnection,
  type Watchable,
} from '../../runner/lock-connection';

interface PgClient extends Watchable {
  connect(): Promise<unknown>;
  query(sql: string, params?: unknown[]): Promise<{rows: unknown[]}>;
  end(): Promise<void>;
}

/** The connector's `pg.Pool`: the `Client` class and options it connects with. */
interface PgPool {
  readonly Client: new (options: unknown) => PgClient;
  readonly options: unknown;
}

interface PgConnector extends JugglerConnector {
  readonly pg?: PgPool | null;
}

/** A connection made as the connector's pool makes its own, but not in it. */
export async function openPgLockConnection(
  connector: PgConnector,
): Promise<LockConnection> {
  const pool = connector.pg;
  if (!pool) {
    throw new Error(
      'the postgresql datasource is disconnected (it has no pool)',
    );
  }
  const client = new pool.Client(pool.options);
  const watcher = watch(client);
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= client.end().catch(() => undefined));
  try {
    await client.connect();
  } catch (err) {
    await close();
    throw err;
  }
  return {
    rows: <T>(sql: string, params?: unknown[]) =>
      watcher.run(async () => (await client.query(sql, params)).rows as T[]),
    get lost() {
      return watcher.lost;
    },
    close,
  };
}
