/**
 * Test databases on the embedded PostgreSQL (PGlite over pglite-socket, the
 * example's `startEmbeddedPostgres()`), used when no PostgreSQL server can
 * be reached outside CI. PGlite holds one database, so each test database
 * is a PGlite instance of its own, started from a data directory dumped once
 * per process (a fresh `initdb` takes several seconds; a dump loads in ~2).
 */
import {Client} from 'pg';
import {startEmbeddedPostgres} from '../../examples/todo/src/embedded-postgres';

let template: Promise<Blob> | undefined;

/** A fresh embedded PostgreSQL test database and its SQL client. */
export interface EmbeddedTestDatabase {
  /** Settings for a `postgresql` juggler DataSource or a `pg` client. */
  readonly settings: Readonly<Record<string, string | number>>;
  /** `SHOW server_version` of PGlite. */
  readonly serverVersion: string;
  /** A client connected over the socket, like any server's. */
  readonly client: Client;
  /** End the client, close every connection and discard the data. */
  stop(): Promise<void>;
}

/** Start an empty embedded PostgreSQL with a client connected to it. */
export async function startEmbeddedTestDatabase(): Promise<EmbeddedTestDatabase> {
  const firstTime = !template;
  const loadDataDir = firstTime ? undefined : await template;
  const server = await startEmbeddedPostgres({
    ...(loadDataDir ? {loadDataDir} : {}),
    maxConnections: 64,
  });
  if (firstTime) {
    // Dumped before any use: the template is an empty cluster.
    template = server.pglite.dumpDataDir('none');
    await template;
  }
  const client = new Client({...server.settings});
  try {
    await client.connect();
    const {rows} = await client.query<{server_version: string}>(
      'SHOW server_version',
    );
    return {
      settings: server.settings,
      serverVersion: rows[0]?.server_version ?? 'unknown',
      client,
      stop: async () => {
        await client.end().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
