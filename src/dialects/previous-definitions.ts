import type {JugglerConnector} from '../juggler';

/** A column as the catalog defined it before a statement changed it. */
export interface PreviousColumn {
  /**
   * PostgreSQL: its type (`format_type()`); MySQL: its whole definition
   * after the name, as `SHOW CREATE TABLE` writes it.
   */
  readonly definition: string;
  readonly notNull: boolean;
  /** PostgreSQL: its default expression (`pg_get_expr()`), if it has one. */
  readonly default?: string;
}

/**
 * What the catalog held, just before a statement ran on the shadow
 * database, for the table it changes (or the index it drops), by unquoted
 * name: what the inverse of a statement that replaces or drops a definition
 * restores (a column's type, an index, a constraint).
 */
export interface PreviousDefinitions {
  readonly columns: ReadonlyMap<string, PreviousColumn>;
  /** PostgreSQL: `pg_get_indexdef()`; MySQL: the key's line of `SHOW CREATE TABLE`. */
  readonly indexes: ReadonlyMap<string, string>;
  /** PostgreSQL: `pg_get_constraintdef()`; MySQL: the constraint's line of `SHOW CREATE TABLE`. */
  readonly constraints: ReadonlyMap<string, string>;
}

/** What `Dialect.inverseOf()` knows of the shadow database besides the statement. */
export interface InverseContext {
  /**
   * The indexes the server made by itself when the plan ran on the shadow
   * database, as `table.index` (see `ShadowDatabases.indexes`): the inverse
   * of the statement that made one drops it too.
   */
  readonly implicit?: ReadonlySet<string>;
  /** The definitions the statement replaces, read just before it ran. */
  readonly previous?: PreviousDefinitions;
  /**
   * The indexes of its table (by unquoted name, as `previous` has them) that
   * were gone after the statement ran, dropped by it or by the server
   * (MySQL drops the index it made for a foreign key when another index
   * serves the key).
   */
  readonly vanished?: ReadonlyMap<string, string>;
}

/** Reads the definitions a statement is about to replace (see `ShadowDatabases.definitions`). */
export type DefinitionsReader = (
  connector: JugglerConnector,
  sql: string,
) => Promise<PreviousDefinitions | undefined>;

/** The definitions as one comparable text (sorted), for the proof of down(). */
export function definitionsText(definitions: PreviousDefinitions): string {
  const sorted = <T>(map: ReadonlyMap<string, T>) =>
    [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({
    columns: sorted(definitions.columns),
    indexes: sorted(definitions.indexes),
    constraints: sorted(definitions.constraints),
  });
}
