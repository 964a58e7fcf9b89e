/**
 * Listening to a driver connection for the time this package holds it.
 *
 * A `pg` client or a mysql2 connection reports its own failure (the server
 * ended the session, an idle timeout, a proxy cut it) as an `'error'` event,
 * and Node ends the process on an `'error'` event nobody hears. The pools
 * hear it only on idle connections: pg's `Pool` removes its listener while
 * a client is checked out. So every connection this package checks out (or
 * opens) is watched while held: the event becomes the connection's `lost`
 * error and the rejection of the operation running on it.
 */

/** A connection that reports its failure as an `'error'` event. */
export interface ErrorEmitter {
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeListener(event: 'error', listener: (err: Error) => void): unknown;
}

/** The failure of one held connection, once it failed. */
export class ConnectionWatch {
  private failure: Error | undefined;
  private readonly failed: Promise<never>;
  private rejectFailed!: (err: Error) => void;
  private readonly onError = (err: Error): void => this.markLost(err);

  constructor(private readonly connection: ErrorEmitter) {
    this.failed = new Promise<never>((_, reject) => {
      this.rejectFailed = reject;
    });
    // Heard in guard(); never an unhandled rejection on its own.
    this.failed.catch(() => undefined);
    connection.on('error', this.onError);
  }

  /** The error that ended the connection; no query should run on it again. */
  get lost(): Error | undefined {
    return this.failure;
  }

  /**
   * Record that the connection is gone (its `'error'` event, or a query
   * error that means the session ended). The first cause is kept.
   */
  markLost(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.rejectFailed(err);
  }

  /**
   * Run an operation on the connection: it rejects with the connection's
   * own failure when the connection fails first (or had failed already), so
   * an operation that waits for something else (a script between two
   * queries) does not hang on a dead connection.
   */
  async guard<T>(operation: () => Promise<T>): Promise<T> {
    if (this.failure) throw this.failure;
    return Promise.race([operation(), this.failed]);
  }

  /**
   * Stop listening when the connection is handed back. A connection that
   * failed keeps its listener: it may still report its end, and it is
   * discarded, not reused.
   */
  stop(): void {
    if (!this.failure) this.connection.removeListener('error', this.onError);
  }
}

/** A pool that says when it lends a connection out and takes it back. */
export interface LendingPool {
  on(
    event: 'acquire' | 'release',
    listener: (...args: unknown[]) => void,
  ): unknown;
  removeListener(
    event: 'acquire' | 'release',
    listener: (...args: unknown[]) => void,
  ): unknown;
}

/**
 * Hear the `'error'` event of every connection `pool` lends out, for as
 * long as it is lent, until the returned function is called: the queries
 * the run sends through the connector's `execute` (and those of stock
 * `autoupdate`) run on a connection the pool lends without listening to
 * it, and a connection broken under a query (a network or a proxy cutting
 * it) would crash the process with that event. The driver ends the query
 * with the same error first, so the run fails (or warns) with it; the event
 * itself adds nothing. A connection lent to the app when the run ends is
 * left as stock leaves it. `connectionOf` picks the connection from the
 * arguments of each event.
 */
export function hearLentConnections(
  pool: LendingPool,
  connectionOf: {
    acquire(args: unknown[]): ErrorEmitter;
    release(args: unknown[]): ErrorEmitter;
  },
): () => void {
  const heard = (): void => undefined;
  const lent = new Set<ErrorEmitter>();
  const onAcquire = (...args: unknown[]) => {
    const connection = connectionOf.acquire(args);
    lent.add(connection);
    connection.on('error', heard);
  };
  const onRelease = (...args: unknown[]) => {
    const connection = connectionOf.release(args);
    if (lent.delete(connection)) connection.removeListener('error', heard);
  };
  pool.on('acquire', onAcquire);
  pool.on('release', onRelease);
  return () => {
    pool.removeListener('acquire', onAcquire);
    pool.removeListener('release', onRelease);
    // The run's queries are over: one lent now is the app's, as in stock.
    for (const connection of lent) connection.removeListener('error', heard);
    lent.clear();
  };
}

/**
 * `true` when a `pg` query error means the session is over: a message of
 * severity `FATAL` or `PANIC` (terminated by an administrator, an idle
 * timeout, a server shutdown), or an error that did not come from the
 * server at all (the connection ended or broke).
 */
export function endsPgSession(err: unknown): boolean {
  const severity = (err as {severity?: unknown} | null)?.severity;
  return typeof severity !== 'string' || /^(FATAL|PANIC)$/.test(severity);
}

/**
 * `true` when a driver error is the server's answer (pg's `severity`, a
 * MySQL `sqlState` not marked `fatal`), `false` when the connection broke
 * or the driver stopped waiting (pg's `query_timeout`) before the server
 * answered: what was sent may still run, and commit, on the server.
 */
export function sentByServer(err: unknown): boolean {
  const {severity, sqlState, fatal} = (err ?? {}) as {
    severity?: unknown;
    sqlState?: unknown;
    fatal?: unknown;
  };
  return (
    typeof severity === 'string' ||
    (typeof sqlState === 'string' && fatal !== true)
  );
}

/**
 * MySQL and MariaDB errors after which the connection is gone: mysql2 marks
 * network and protocol failures `fatal`; the server sends these when it
 * ends the session (KILL, shutdown, an interactive timeout).
 */
const MYSQL_SESSION_ENDED = new Set([
  1053, // ER_SERVER_SHUTDOWN
  1927, // ER_CONNECTION_KILLED (MariaDB)
  2006, // CR_SERVER_GONE_ERROR
  2013, // CR_SERVER_LOST
  4031, // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8)
]);

/** `true` when a mysql2 query error means the session is over. */
export function endsMysqlSession(err: unknown): boolean {
  const {fatal, errno} = (err ?? {}) as {fatal?: unknown; errno?: unknown};
  return (
    fatal === true ||
    (typeof errno === 'number' && MYSQL_SESSION_ENDED.has(errno))
  );
}
