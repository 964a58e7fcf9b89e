/** The migration lock's own connection on MySQL / MariaDB (see `runner/lock-connection.ts`). */
import type {JugglerConnector} from '../../juggler';
import {
  watch,
  type LockConnection,
  type Watchable,
} from '../../runner/lock-connection';

interface MysqlConnection extends Watchable {
  connect(cb: (err: Error | null) => void): void;
  query(
    sql: string,
    params: unknown[],
    cb: (err: Error | null, rows?: unknown) => void,
  ): void;
  end(cb: (err?: Error | null) => void): void;
  destroy(): void;
}

/** The mysql2 module, as loopback-connector-mysql gives it to its datasource. */
interface MysqlDriver {
  readonly Connection: new (options: {config: object}) => MysqlConnection;
}

interface MysqlConnector extends JugglerConnector {
  readonly client?: {
    readonly config: {readonly connectionConfig: object};
  } | null;
  readonly dataSource?: {readonly driver?: MysqlDriver};
}

/** A connection made as the connector's pool makes its own, but not in it. */
export async function openMysqlLockConnection(
  connector: MysqlConnector,
): Promise<LockConnection> {
  const pool = connector.client;
  if (!pool) {
    throw new Error('the mysql datasource is disconnected (it has no pool)');
  }
  const Connection = connector.dataSource?.driver?.Connection;
  if (!Connection) {
    throw new Error(
      'the mysql datasource does not expose its driver (dataSource.driver), ' +
        'so the migration lock cannot open its own connection',
    );
  }
  // A copy, as the pool gives each of its connections: commands such as
  // changeUser() change a connection's config in place.
  const shared = pool.config.connectionConfig;
  const config = Object.create(
    Object.getPrototypeOf(shared) as object | null,
    Object.getOwnPropertyDescriptors(shared),
  ) as object;
  const conn = new Connection({config});
  const watcher = watch(conn);
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= new Promise<void>(resolve => {
      if (watcher.lost) {
        conn.destroy();
        resolve();
        return;
      }
      conn.end(err => {
        if (err) conn.destroy();
        resolve();
      });
    }));
  try {
    await new Promise<void>((resolve, reject) =>
      conn.connect(err => (err ? reject(err) : resolve())),
    );
  } catch (err) {
    conn.destroy();
    throw err;
  }
  return {
    rows: <T>(sql: string, params: unknown[] = []) =>
      watcher.run(
        () =>
          new Promise<T[]>((resolve, reject) =>
            conn.query(sql, params, (err, result) =>
              err ? reject(err) : resolve(result as T[]),
            ),
          ),
      ),
    get lost() {
      return watcher.lost;
    },
    close,
  };
}
