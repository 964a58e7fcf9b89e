import type {JugglerConnector} from '../juggler';

/** A table as the catalog names it. `schema` is '' where there is none. */
export interface TableRef {
  readonly schema: string;
  readonly name: string;
}

/** An index as a statement names it: its table, and its name there. */
export interface IndexRef {
  readonly table: TableRef;
  readonly name: string;
}

/**
 * A table of the catalog with its statistics (estimates the database keeps
 * up to date with ANALYZE/VACUUM or InnoDB's sampling; absent when it has
 * none yet).
 */
export interface ListedTable extends TableRef {
  readonly estimatedRows?: number;
  readonly estimatedBytes?: number;
  /**
   * `true` for a partition of a partitioned table (PostgreSQL): part of
   * that table, not a table of its own.
   */
  readonly partition?: boolean;
}

/** A row of a dialect's table list: names, and statistics when it has them. */
export interface TableStatsRow {
  readonly schema: string;
  readonly name: string;
  readonly rows?: number | string | null;
  readonly bytes?: number | string | null;
  readonly partition?: boolean;
}

/** A table list row as a {@link ListedTable} (numbers rounded, unknowns left out). */
export function listedTable(row: TableStatsRow): ListedTable {
  const count = (value: unknown) =>
    value === null || value === undefined
      ? undefined
      : Math.round(Number(value));
  const rows = count(row.rows);
  const bytes = count(row.bytes);
  return {
    schema: row.schema,
    name: row.name,
    ...(rows !== undefined && {estimatedRows: rows}),
    ...(bytes !== undefined && {estimatedBytes: bytes}),
    ...(row.partition === true && {partition: true}),
  };
}

/** A column and its type, as the catalog names it. */
export interface ColumnType {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  readonly type: string;
  /**
   * Whether the column has a default or is an identity column
   * (PostgreSQL) or AUTO_INCREMENT (MySQL); `undefined` where not read.
   */
  readonly hasDefault?: boolean;
}

/** One column pair of a foreign key, with both types, from the catalog. */
export interface ForeignKeyColumn {
  readonly name: string;
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  readonly type: string;
  readonly targetSchema: string;
  readonly targetTable: string;
  readonly targetColumn: string;
  readonly targetType: string;
}

/** What a connector's pool says of itself, for messages about waiting for it. */
export interface PoolState {
  /** Its size, and the setting that sets it. */
  readonly max: number;
  readonly setting: string;
  /** `true` when a checkout would queue: every connection is in use. */
  readonly full: boolean;
  /**
   * `true` when a connection of the pool is still being made: the server
   * has not finished accepting it (down, slow, or a wrong host or port).
   */
  readonly connecting: boolean;
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
  /** The server's id of the session (MySQL/MariaDB `CONNECTION_ID()`), where known. */
  readonly threadId?: number;
  /** The error that ended the connection's session, once it ended. */
  readonly lost: Error | undefined;
  release(): void;
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
