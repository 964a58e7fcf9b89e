/**
 * An embedded PostgreSQL, for running the example (and the test suites) on a
 * machine without a database server.
 *
 * PGlite is PostgreSQL compiled to WebAssembly, running inside this Node.js
 * process; pglite-socket serves it over the PostgreSQL wire protocol on a
 * local TCP port, so the real `loopback-connector-postgresql` (node-postgres)
 * talks to it like to any server.
 *
 * Know what differs from a server: every connection shares the one PGlite
 * session (the socket server queues their queries, and while one connection
 * is in a transaction the others wait). Session-level locks, such as the
 * migration lock's advisory lock, therefore never keep two connections
 * apart: one process migrating is fine, replicas racing are not shown.
 */
import {PGlite} from '@electric-sql/pglite';
import {uuid_ossp} from '@electric-sql/pglite/contrib/uuid_ossp';
import {PGLiteSocketServer} from '@electric-sql/pglite-socket';
import {lockDataDir} from './data-dir-lock';

/**
 * How many client connections the embedded server accepts at once: the
 * connector's pool (10 by default) plus room for the migration lock's
 * connection and a few tools.
 */
export const DEFAULT_EMBEDDED_MAX_CONNECTIONS = 32;

/** How {@link startEmbeddedPostgres} starts the server. */
export interface EmbeddedPostgresOptions {
  /**
   * How many client connections it accepts at once; must be at least 2
   * (the migration lock holds one for a whole run).
   * @default DEFAULT_EMBEDDED_MAX_CONNECTIONS (32)
   */
  readonly maxConnections?: number;
  /**
   * A data directory dumped by PGlite's `dumpDataDir()` to start from,
   * instead of running `initdb` (which takes several seconds).
   * @default undefined: a fresh, empty cluster
   */
  readonly loadDataDir?: Blob;
  /**
   * A directory that keeps the database between runs: created (`initdb`) on
   * the first start, reopened in well under a second afterwards. Only one
   * process may use it at a time (see {@link lockDataDir}).
   * @default undefined: the data lives in memory and is discarded on stop
   */
  readonly dataDir?: string;
}

/** A running embedded PostgreSQL; its data lives in memory or in `dataDir`. */
export interface EmbeddedPostgres {
  /** Connection settings for `loopback-connector-postgresql` or `pg`. */
  readonly settings: {
    readonly host: string;
    readonly port: number;
    readonly user: string;
    readonly password: string;
    readonly database: string;
  };
  /** The PGlite instance, for direct use (its queries bypass the socket). */
  readonly pglite: PGlite;
  /**
   * Close every client connection and stop listening; the data is discarded
   * unless it is kept in a `dataDir`. Disconnect your datasources first.
   * Safe to call more than once.
   */
  stop(): Promise<void>;
}

/**
 * Start PGlite, with the `uuid-ossp` extension that the PostgreSQL connector's
 * generated uuid ids need, served on 127.0.0.1 and a free port.
 *
 * @example
 * ```ts
 * const pg = await startEmbeddedPostgres();
 * const ds = new juggler.DataSource({connector: 'postgresql', ...pg.settings});
 * // ...
 * await ds.disconnect();
 * await pg.stop();
 * ```
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const maxConnections =
    options.maxConnections ?? DEFAULT_EMBEDDED_MAX_CONNECTIONS;
  if (!Number.isInteger(maxConnections) || maxConnections < 2) {
    throw new RangeError(
      `maxConnections must be an integer of at least 2 (got ${maxConnections}): ` +
        'the migration lock holds one connection for a whole run',
    );
  }
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      extensions: {uuid_ossp},
      ...(options.loadDataDir ? {loadDataDir: options.loadDataDir} : {}),
      ...(options.dataDir ? {dataDir: options.dataDir} : {}),
    });
  } catch (err) {
    unlock();
    throw err;
  }
  const server = new PGLiteSocketServer({
    db: pglite,
    host: '127.0.0.1',
    port: 0,
    maxConnections,
  });
  try {
    await server.start();
  } catch (err) {
    await pglite.close();
    unlock();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    settings: {
      host: '127.0.0.1',
      port: listeningPort(server),
      user: 'postgres',
      password: '',
      database: 'postgres',
    },
    pglite,
    stop: () =>
      (stopping ??= (async () => {
        await server.stop();
        await pglite.close();
        unlock();
      })()),
  };
}

/** The port the server got (it listens on port 0: any free port). */
function listeningPort(server: PGLiteSocketServer): number {
  const port = Number(server.getServerConn().split(':').pop());
  if (!Number.isInteger(port) || port <= 0) {
    throw new Error(
      `embedded PostgreSQL: unexpected address ${server.getServerConn()}`,
    );
  }
  return port;
}
