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

  /**
   * Run a query on the connection. Once it failed, the query rejects with
   * what ended it (the server's error), not with the driver's own error
   * for a query on a closed connection ("not queryable", "closed state").
   */
  async run<T>(query: () => Promise<T>): Promise<T> {
    if (this.lost) throw this.lost;
    try {
      return await query();
    } catch (err) {
      throw this.lost ?? err;
    }
  }
}

export interface Watchable {
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

export function watch(connection: Watchable): ConnectionWatch {
  const watcher = new ConnectionWatch();
  // Kept to the end: a closed connection may still report its end.
  connection.on('error', watcher.onError);
  connection.on('end', watcher.onEnd);
  return watcher;
}
