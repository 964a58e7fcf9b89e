import type {JugglerConnector} from '../../juggler';
import {ConnectionWatch, endsPgSession} from '../connection-watch';

/** A column of a `pg` query result. */
export interface PgField {
  readonly name: string;
  /** The type's oid. */
  readonly dataTypeID: number;
  /** The type modifier (length, precision...), -1 when there is none. */
  readonly dataTypeModifier: number;
}

/** What a `pg` query resolves to. */
export interface PgResult {
  readonly rows: unknown[];
  readonly fields: readonly PgField[];
}

/** A client of the `pg` pool, checked out until `release()`. */
export interface PgClient {
  query(sql: string, params?: unknown[]): Promise<PgResult>;
  release(err?: Error): void;
}

/** A checked-out client, watched until `release()` (see `connectPg()`). */
export interface HeldPgClient extends PgClient {
  /** The error that ended its session, once it ended. */
  readonly lost: Error | undefined;
}

/** A `pg` client as the pool hands it out: it reports its failure as an event. */
interface PooledPgClient extends PgClient {
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeListener(event: 'error', listener: (err: Error) => void): unknown;
}

/** The PostgreSQL connector, with the `pg` pool it keeps. */
export interface PgConnector extends JugglerConnector {
  readonly pg?: {connect(): Promise<PooledPgClient>} | null;
}

/**
 * A client of the connector's own pool; release it when done. While held,
 * its `'error'` event is heard (pg's pool does not hear it on a checked-out
 * client, and the process would crash): a query rejects with the error that
 * ended the session, and a client whose session ended is removed from the
 * pool on release instead of being reused.
 */
export async function connectPg(connector: PgConnector): Promise<HeldPgClient> {
  if (!connector.pg) {
    throw new Error(
      'the postgresql datasource is disconnected (it has no pool)',
    );
  }
  const client = await connector.pg.connect();
  const watch = new ConnectionWatch(client);
  let released = false;
  return {
    get lost() {
      return watch.lost;
    },
    query: (sql, params) =>
      watch.guard(async () => {
        try {
          return await client.query(sql, params);
        } catch (err) {
          if (endsPgSession(err)) watch.markLost(err as Error);
          throw err;
        }
      }),
    release(err) {
      if (released) return;
      released = true;
      watch.stop();
      client.release(err ?? watch.lost);
    },
  };
}
