import type {JugglerConnector} from '../juggler';
import type {TableRef} from '../dialects/dialect';

/**
 * The table of the fingerprints (in the schema of the scripts' ledger when
 * that is schema-qualified): one row per datasource and selection.
 */
export const SCHEMA_STATE_TABLE = 'schema_migration_state';

/**
 * The catalog digest recorded after a run that changed the schema: one no
 * catalog has, so that the next run plans in full once. Its plan finding
 * nothing to do verifies what the connector's plan left (a connector whose
 * diff misses something plans it then, as LoopBack's next `autoupdate`
 * would) and records the digest it verified.
 */
export const UNVERIFIED_DIGEST = '';

/**
 * Where a datasource's schema fingerprints are kept, and which catalog
 * they cover.
 */
export interface SchemaStateScope {
  /**
   * The models' tables: the catalog digest covers their schemas. Absent in
   * a read sent before the models are known: the digest then covers what
   * the recorded row's did (see {@link SchemaStateRead.coverage}).
   */
  readonly tables?: readonly TableRef[];
  /**
   * The state table: `[name]` (the current schema or database) or
   * `[schema, name]`; its own catalog is left out of the digest.
   */
  readonly stateTable: readonly [string] | readonly [string, string];
  /** The row: the datasource and its selection of models. */
  readonly key: string;
}

/** A fingerprint recorded after a successful run. */
export interface StoredSchemaState {
  /** SHA-256 of the models, settings and versions (`fingerprintInput`). */
  readonly modelFingerprint: string;
  /** The server's digest of the catalog the run left (or verified). */
  readonly catalogDigest: string;
  /** The warnings of the run's plan, repeated when the fast path is taken. */
  readonly warnings: readonly string[];
  /**
   * The fingerprint of what the app's repositories and models are made
   * from (`sourcesFingerprint()`), when the run could tell that they are
   * all it attached; `undefined` otherwise. A run whose sources still give
   * it answers without resolving the repositories (`runner/fast-path-prefetch.ts`).
   */
  readonly sourcesFingerprint?: string;
  /** The models the run reported, in the report's order, with the above. */
  readonly models?: readonly string[];
}

/** What one fast-path query returns. */
export interface SchemaStateRead {
  /** The server's digest of the catalog now. */
  readonly catalogDigest: string;
  /**
   * What that digest covers, as `coverageOf()` spells it: the scope's
   * tables', or the recorded row's when the scope has none (`undefined`
   * then when there is no row: the digest covers nothing).
   */
  readonly coverage?: string;
  /** The recorded row; `undefined` when there is none. */
  readonly stored?: StoredSchemaState;
  /**
   * Set when there is no usable state table (none yet, or one an earlier
   * version made): the digest was read alone (`SchemaStateDriver.digest`),
   * and a record creates or upgrades the table first.
   */
  readonly tableMissing?: boolean;
  /**
   * Set when the server has a cheaper stand-in for the digest and the row
   * has none (MariaDB's table times, `dialects/mysql/table-times.ts`): the
   * row recorded again lets the next read skip computing the digest.
   */
  readonly unrecordedTableTimes?: boolean;
}

/**
 * How a database computes its catalog digest and keeps the fingerprints
 * (see `runner/fast-path.ts`).
 */
export interface SchemaStateDriver {
  /**
   * What the catalog digest of `tables` covers (PostgreSQL: their schemas;
   * MySQL: the current database, whatever the tables), recorded with the
   * row so that a read before the models are known covers the same.
   */
  coverageOf(tables: readonly TableRef[]): string;
  /**
   * Resolves once the connector's pool holds a connection ready for a
   * query (checked out and given back), so that a read sent next reaches
   * the server at once rather than after a connection's handshake, which
   * the CPU-bound work that follows would hold up.
   */
  connectionReady(connector: JugglerConnector): Promise<void>;
  /**
   * The catalog digest, computed by the server, and the recorded row, in
   * one query. Reads only. `undefined` when the state table does not exist
   * (nothing was ever recorded) or unusable (made by an earlier version:
   * `createTable()` upgrades it). Without `scope.tables`, the digest covers
   * what the recorded row's covers.
   */
  read(
    connector: JugglerConnector,
    scope: SchemaStateScope,
  ): Promise<SchemaStateRead | undefined>;
  /**
   * The catalog digest of `scope.tables` alone, as `read()` computes it:
   * where there is no state table to read a row from, the digest a plan
   * starts from, which its record may then verify.
   */
  digest(
    connector: JugglerConnector,
    scope: SchemaStateScope & {readonly tables: readonly TableRef[]},
  ): Promise<string>;
  /**
   * Whether an error of `read()` says that the datasource's user may not
   * read the state table (it exists, made by another user): the run then
   * plans in full, with a warning saying what to grant.
   */
  accessDenied(err: unknown): boolean;
  /**
   * Create the state table unless it exists (looked up first: creating one
   * that exists needs the right to create tables). `upgrade`: a read found no
   * usable table; bring one an earlier version made up to date too.
   */
  createTable(
    connector: JugglerConnector,
    scope: SchemaStateScope,
    upgrade: boolean,
  ): Promise<void>;
  /**
   * Record the row, with the digest the server computes in the same
   * statement. With `catalogDigest` (the digest a plan that found nothing
   * to do started from), the row gets the server's digest only when it is
   * still that one, else a digest that never matches: the plan may not have
   * seen the catalog as it is now. With {@link UNVERIFIED_DIGEST} (the run
   * changed the schema), the row gets that, and no digest is computed.
   */
  write(
    connector: JugglerConnector,
    scope: SchemaStateScope & {readonly tables: readonly TableRef[]},
    state: StoredSchemaState,
  ): Promise<void>;
  /** Delete the row of `scope.key`, if there is one. */
  remove(
    connector: JugglerConnector,
    scope: Pick<SchemaStateScope, 'stateTable' | 'key'>,
  ): Promise<void>;
}

/**
 * The values of a row's `warnings`, `sources_fingerprint` and `models`
 * columns, in that order, as a write binds them (JSON, or NULL).
 */
export function storedColumns(
  state: Pick<StoredSchemaState, 'warnings' | 'sourcesFingerprint' | 'models'>,
): [string, string | null, string | null] {
  const {sourcesFingerprint, models} = state;
  const withSources = sourcesFingerprint !== undefined && models !== undefined;
  return [
    JSON.stringify(state.warnings),
    withSources ? sourcesFingerprint : null,
    withSources ? JSON.stringify(models) : null,
  ];
}

/** The columns a dialect's fast-path query selects. */
export interface SchemaStateRow {
  readonly catalogDigest: string;
  /** What `catalogDigest` covers (`SchemaStateRead.coverage`). */
  readonly coverage: string | null;
  readonly modelFingerprint: string | null;
  readonly storedDigest: string | null;
  /** The recorded warnings, as JSON. */
  readonly warnings: string | null;
  readonly sourcesFingerprint: string | null;
  /** The recorded models, as JSON. */
  readonly models: string | null;
  /** 1 where `SchemaStateRead.unrecordedTableTimes` is set; absent where a dialect has none. */
  readonly unrecordedTableTimes?: number | null;
}

/**
 * What the fast-path query returned: its one row, or `undefined` when the
 * state table does not exist (`missingTable(err)`: nothing was recorded).
 */
export async function readSchemaState(
  query: () => Promise<SchemaStateRow[]>,
  missingTable: (err: unknown) => boolean,
): Promise<SchemaStateRead | undefined> {
  let rows: SchemaStateRow[];
  try {
    rows = await query();
  } catch (err) {
    if (missingTable(err)) return undefined;
    throw err;
  }
  const [row] = rows;
  return {
    catalogDigest: row.catalogDigest,
    coverage: row.coverage ?? undefined,
    ...(Number(row.unrecordedTableTimes) === 1 && {
      unrecordedTableTimes: true,
    }),
    stored:
      row.modelFingerprint !== null && row.storedDigest !== null
        ? {
            modelFingerprint: row.modelFingerprint,
            catalogDigest: row.storedDigest,
            warnings: JSON.parse(row.warnings ?? '[]') as string[],
            ...(row.sourcesFingerprint !== null &&
              row.models !== null && {
                sourcesFingerprint: row.sourcesFingerprint,
                models: JSON.parse(row.models) as string[],
              }),
          }
        : undefined,
  };
}
