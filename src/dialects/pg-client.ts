import type {JugglerConnector} from '../juggler';

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

/** The PostgreSQL connector, with the `pg` pool it keeps. */
export interface PgConnector extends JugglerConnector {
  readonly pg?: {connect(): Promise<PgClient>} | null;
}

/** A client of the connector's own pool; release it when done. */
export async function connectPg(connector: PgConnector): Promise<PgClient> {
  if (!connector.pg) {
    throw new Error(
      'the postgresql datasource is disconnected (it has no pool)',
    );
  }
  return connector.pg.connect();
}
