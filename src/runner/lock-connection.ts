/**
 * The migration lock's own connection.
 *
 * The lock is a session lock, so it needs a connection for the whole run.
 * That connection is opened *outside* the datasource's pool, with the pool's
 * own connection settings and the connector's own copy of the driver (never
 * one bundled with this package): pg's `Pool` keeps its `Client` class and
 * `options`; mysql2's pool keeps `config.connectionConfig`, and
 * loopback-connector-mysql hands the driver to its datasource
 * (`dataSource.driver`). Taken from the pool instead, the lock would hold
 * one of its connections while planning, the apply and the scripts wait for
 * another: with a pool of one connection, forever. This way a run needs the
 * pool's connections one at a time, plus this one.
 */
import type {JugglerConnector} from '../juggler';

/** A connection of the lock's own, outside the pool. */
export interface LockConnection {
  /** Run one statement; resolves to its rows. */
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Set when the connection failed or ended: the lock (if any) is gone. */
  readonly lost: Error | undefined;
  /**
   * End the connection, and with it the database session and every lock it
   * holds. Never rejects; may be called more than once.
   */
  close(): Promise<void>;
}

/** Keeps the connection's failure, so that an `error` event cannot crash the process. */
class ConnectionWatch {
  lost: Error | undefined;
  readonly onError = (err: Error): void => {
    this.lost ??= err;
  };
  readonly onEnd = (): void => {
    this.lost ??= new Error(
      "the lock's connection ended (the server ended its session)",
    );
  };
}

interface Watchable {
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

function watch(connection: Watchable): ConnectionWatch {
  const watcher = new ConnectionWatch();
  // Kept to the end: a closed connection may still report its end.
  connection.on('error', watcher.onError);
  connection.on('end', watcher.onEnd);
  return watcher;
}

// --- PostgreSQL (pg) -----------------------------------------------------------

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
    rows: async <T>(sql: string, params?: unknown[]) =>
      (await client.query(sql, params)).rows as T[],
    get lost() {
      return watcher.lost;
    },
    close,
  };
}

// --- MySQL / MariaDB (mysql2) ---------------------------------------------------

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
      new Promise<T[]>((resolve, reject) =>
        conn.query(sql, params, (err, result) =>
          err ? reject(err) : resolve(result as T[]),
        ),
      ),
    get lost() {
      return watcher.lost;
    },
    close,
  };
}
