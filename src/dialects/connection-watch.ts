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
