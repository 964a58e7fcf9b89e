import type {TestedConnector} from '../discovery/connector-version';
import type {JugglerConnector} from '../juggler';
import type {CatalogSnapshot} from '../planner/snapshot';

/** A table as the catalog names it. `schema` is '' where there is none. */
export interface TableRef {
  readonly schema: string;
  readonly name: string;
}

/** A foreign key constraint found in the catalog. */
export interface ForeignKeyRef {
  readonly name: string;
  readonly table: TableRef;
  readonly target: TableRef;
}

/**
 * One database connection held for the length of an apply. Its failure
 * while held rejects the query running on it (never an unheard `'error'`
 * event); a connection that failed is discarded on release, not reused.
 */
export interface DbSession {
  query(sql: string): Promise<void>;
  /** The error that ended the connection's session, once it ended. */
  readonly lost: Error | undefined;
  release(): void;
}

/**
 * What this package knows about one SQL connector: how to read its catalog,
 * how to tidy the statements it emits, and how to run them on one connection.
 */
export interface Dialect {
  /** The juggler connector name this dialect serves. */
  readonly connector: string;
  /**
   * The connector package versions this dialect is tested with: its SQL and
   * catalog reads are recognised by their text, so another version is
   * migrated the way LoopBack does it.
   */
  readonly tested: TestedConnector;
  /** `true` when DDL can run inside a transaction and be rolled back. */
  readonly transactionalDdl: boolean;
  /** The table a model maps to. */
  tableOf(connector: JugglerConnector, model: string): TableRef;
  /** Split one captured SQL string into clean, runnable statements. */
  normalize(captured: string): string[];
  /**
   * Check a model's declarations before its statements are planned; throws
   * an error that says what to fix where the connector would crash or fail.
   */
  checkModel(connector: JugglerConnector, model: string): void;
  /** Mend one normalised statement of a model where the connector gets it wrong. */
  rewrite(sql: string, connector: JugglerConnector, model: string): string;
  /** Mend catalog rows the connector misreads (see `ReadAdjuster`). */
  adjustRead?(sql: string, rows: unknown): void;
  /**
   * Rewrite a catalog read of the connector before it is sent, so that it
   * reports what the connector compares the model with (see `ReadRewriter`).
   */
  rewriteRead?(sql: string): string;
  /**
   * Take out of a model's statements (split, not yet rewritten) those, and
   * those clauses, that would leave the schema as it is: where the
   * connector's diff misjudges the catalog, it emits them on every run.
   * Reads the catalog; changes nothing.
   */
  withoutNoOps?(
    connector: JugglerConnector,
    model: string,
    statements: readonly string[],
    cache?: PlanCache,
  ): Promise<string[]>;
  /**
   * Read the catalog of the given tables in a few bulk queries, to answer
   * the connector's per-table reads during planning.
   */
  loadSnapshot?(
    connector: JugglerConnector,
    tables: readonly TableRef[],
  ): Promise<CatalogSnapshot>;
  /** Connector calls (run under capture) that create a model's table from scratch, foreign keys included. */
  createTable(connector: JugglerConnector, model: string): Promise<unknown>;
  /** Every table (base or partitioned) of the given schemas ('' = the current database). */
  listTables(
    connector: JugglerConnector,
    schemas: readonly string[],
  ): Promise<TableRef[]>;
  /** The tables that exist among the given ones. */
  existingTables(
    connector: JugglerConnector,
    tables: readonly TableRef[],
  ): Promise<TableRef[]>;
  /** Every foreign key constraint of the database. */
  foreignKeys(connector: JugglerConnector): Promise<ForeignKeyRef[]>;
  dropTableSql(connector: JugglerConnector, table: TableRef): string;
  dropForeignKeySql(connector: JugglerConnector, fk: ForeignKeyRef): string;
  /** A dedicated connection from the connector's own pool. */
  openSession(connector: JugglerConnector): Promise<DbSession>;
}

/**
 * Catalog reads shared by the models of one plan (one bulk read instead of
 * one per table), keyed by what they read.
 */
export type PlanCache = Map<string, Promise<unknown>>;

/** The tables of `tables` that are in `existing`. */
export function presentAmong(
  tables: readonly TableRef[],
  existing: readonly TableRef[],
): TableRef[] {
  const found = new Set(existing.map(tableKey));
  return tables.filter(t => found.has(tableKey(t)));
}

/** The key of a table in maps and sets. */
export function tableKey(table: TableRef): string {
  return `${table.schema}.${table.name}`;
}

/** The connector's escapeName, or an error saying it is missing. */
export function escapeName(connector: JugglerConnector, name: string): string {
  if (!connector.escapeName) {
    throw new Error(`the ${connector.name} connector cannot escape names`);
  }
  return connector.escapeName(name);
}

/** A table's escaped, schema-qualified name for SQL (`"public"."todo"`, `` `Todo` ``). */
export function qualifiedName(
  connector: JugglerConnector,
  table: TableRef,
): string {
  const name = escapeName(connector, table.name);
  return table.schema ? `${escapeName(connector, table.schema)}.${name}` : name;
}

/** A table's name for messages: `"public"."todo"` or `"Todo"`. */
export function describeTable(table: TableRef): string {
  return table.schema ? `"${table.schema}"."${table.name}"` : `"${table.name}"`;
}
