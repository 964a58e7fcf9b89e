import type {JugglerConnector} from '../../juggler';
import type {PlanCache, TableRef} from '../../dialects/dialect';

/** A relation or type of the catalog holding a name the plan gives (`relationsNamed`). */
export interface NamedRelation {
  /** `table`, `index`, `sequence`, `view`... */
  readonly kind: string;
  /** The table an index is on (dropping that table frees the name). */
  readonly indexOf?: string;
  /**
   * A type that is no relation (an enum, a domain): only a table, whose
   * row type takes its name, cannot be named like it.
   */
  readonly typeOnly?: boolean;
}

/** What differs between the databases when predicting a failure. */
export interface FailureChecks {
  /** The database's name in messages. */
  readonly database: string;
  /**
   * `true` when the database refuses NOT NULL over NULLs; `false` when it
   * converts them to a zero value (MySQL outside strict mode: data loss).
   */
  refusesNulls(connector: JugglerConnector): Promise<boolean>;
  /**
   * `true` when ADD COLUMN ... NOT NULL without a default fills existing
   * rows with the type's zero value (MySQL) instead of failing.
   */
  readonly fillsNewNotNullColumns: boolean;
  primaryKey(connector: JugglerConnector, table: TableRef): Promise<string[]>;
  /**
   * The rows of a read of stored data (a prediction's count, duplicates or
   * sample rows: a `SELECT`), run without the app's statement time limit
   * (PostgreSQL `statement_timeout`, MariaDB `max_statement_time`, MySQL
   * `max_execution_time`): it is the run's work, and LoopBack's own
   * `autoupdate`, which reads no row, is not cut off by that limit either.
   */
  scan<T>(connector: JugglerConnector, sql: string): Promise<T[]>;
  /** The column's type as the catalog names it; `undefined` when it does not exist. */
  columnType(
    connector: JugglerConnector,
    table: TableRef,
    column: string,
  ): Promise<string | undefined>;
  /**
   * The type a column of a `CREATE TABLE` gets, from the type written there
   * (PostgreSQL: `SERIAL` is `integer`).
   */
  storedType(written: string): string;
  /**
   * A stored value (`expression`) as the type the plan converts its column
   * to, to compare it with a key before the conversion ran (PostgreSQL
   * compares no text with an integer; MySQL converts implicitly).
   */
  asConverted(expression: string, type: string): string;
  /**
   * An aggregate counting the distinct values of `keys` (SQL expressions,
   * none NULL in the rows read) as a unique index compares them: PostgreSQL
   * `COUNT(DISTINCT (a, b))`, MySQL `COUNT(DISTINCT a, b)`.
   */
  distinctCount(keys: readonly string[]): string;
  /**
   * The part of a value (`expression`) that a key part over a prefix of
   * `length` keeps, where key parts have prefixes (MySQL `title(5)`).
   */
  keyPrefix?(expression: string, length: number): string;
  /**
   * Why the database refuses the statement's row size (the table it
   * creates, or its columns with those it adds, are too wide), if it does;
   * whatever the data. MySQL only.
   */
  oversizedRow?(
    connector: JugglerConnector,
    table: TableRef,
    sql: string,
  ): Promise<string | undefined>;
  /**
   * Why the database refuses an index or primary key the statement makes
   * because its columns are too long together, if it does; whatever the
   * data. MySQL only.
   */
  oversizedKey?(
    connector: JugglerConnector,
    table: TableRef,
    sql: string,
  ): Promise<string | undefined>;
  /**
   * Why the database refuses, or would make other than the model means, the
   * statement's columns, whatever the data: a type it does not have, a type
   * change or drop of a column a view uses (PostgreSQL), a generated column
   * restated as a plain one (MySQL).
   */
  refusedColumnChange?(
    connector: JugglerConnector,
    table: TableRef,
    sql: string,
  ): Promise<string | undefined>;
  /**
   * Why the database refuses a unique index of these columns on the table,
   * whatever the data: a partitioned table's that lacks its partition key
   * (PostgreSQL).
   */
  refusedUnique?(
    connector: JugglerConnector,
    table: TableRef,
    index: string,
    columns: readonly string[],
  ): Promise<string | undefined>;
  /**
   * Why the database refuses to drop the table (a rebuild's `DROP TABLE`),
   * if it does: a view uses it (PostgreSQL).
   */
  refusedTableDrop?(
    connector: JugglerConnector,
    table: TableRef,
  ): Promise<string | undefined>;
  /**
   * Why the database refuses what the statement drops, if it does: a column
   * while an index over it and other columns stays (MariaDB, for unique
   * keys), an index a constraint needs (PostgreSQL).
   * `droppedKeys`: the foreign keys the plan drops before the statement
   * or in it (their names as `Dialect.indexKey` gives them), which hold
   * nothing any more.
   */
  refusedDrop?(
    connector: JugglerConnector,
    table: TableRef,
    sql: string,
    droppedKeys: ReadonlySet<string>,
  ): Promise<string | undefined>;
  /**
   * The unique indexes (and primary key) the table has, with their columns
   * in order; where a type change rebuilds them and values it makes equal
   * are refused (PostgreSQL and MySQL, whose `asConverted` compare as the new type).
   */
  uniqueKeys?(
    connector: JugglerConnector,
    table: TableRef,
  ): Promise<UniqueKey[]>;
  /**
   * Whether a prefix key part over a column changed to `type` still takes
   * its prefix (MySQL: of a string), rather than the whole value.
   */
  keepsPrefix?(type: string): boolean;
  /**
   * The relations that hold these names in their schemas, by `tableKey`,
   * where tables and indexes share one namespace per schema (PostgreSQL;
   * MySQL names indexes per table).
   */
  relationsNamed?(
    connector: JugglerConnector,
    names: readonly TableRef[],
  ): Promise<ReadonlyMap<string, NamedRelation>>;
  /**
   * The name the database stores for a name a statement writes (PostgreSQL
   * cuts a name longer than 63 bytes). Absent: the name as written.
   */
  storedName?(name: string): string;
  /**
   * The relations a `CREATE TABLE` of `table` makes besides the table, in
   * its schema, named by the server (PostgreSQL: the primary key's index,
   * a serial column's sequence). Absent: none share the tables' namespace.
   */
  impliedRelations?(
    sql: string,
    table: string,
  ): readonly {readonly kind: string; readonly name: string}[];
  /**
   * The tables whose foreign keys hold these names, by name, where foreign
   * key names are one namespace per database (MySQL, MariaDB; PostgreSQL
   * names them per table).
   */
  foreignKeysNamed?(
    connector: JugglerConnector,
    names: readonly string[],
  ): Promise<ReadonlyMap<string, TableRef>>;
  /**
   * Why an index of the model's `settings.indexes` that the statement builds
   * is declared in a form the connector misreads (PostgreSQL: MySQL's
   * `columns`), if it is; whatever the data. It stands for the verdicts on
   * that index's keys, which name what the connector misread, not the model.
   */
  misreadIndex?(
    connector: JugglerConnector,
    model: string,
    index: string,
  ): string | undefined;
  /** Whether a foreign key column of type `fk` can reference a key of type `pk`. */
  typesMatch(
    connector: JugglerConnector,
    fk: string,
    pk: string,
  ): Promise<boolean>;
  /**
   * Whether a foreign key may reference `columns` of a table through this
   * key of it (PostgreSQL: a primary key or unique index of exactly those
   * columns; MySQL: any index whose first columns they are).
   */
  references?(key: TableKey, columns: readonly string[]): boolean;
  /**
   * Whether each foreign key needs an index that starts with its columns on
   * both of its tables, so that the last one cannot be dropped (InnoDB).
   */
  readonly keysNeedIndexes?: boolean;
  /** What `references` asks of the referenced columns, in words ("an index that starts with them"). */
  readonly referencedKey?: string;
  /**
   * The keys (primary key, indexes without a predicate or an expression)
   * a table has now, read once per plan for the database (`cache`) or per
   * table.
   */
  tableKeys?(
    connector: JugglerConnector,
    table: TableRef,
    cache: PlanCache,
  ): Promise<TableKey[]>;
}

/** A key of a table: a primary key, a unique index or a plain one. */
export interface TableKey {
  /** Its name, where it has one (MySQL's primary key: `PRIMARY`). */
  readonly name?: string;
  readonly unique: boolean;
  /** Its columns, in order. */
  readonly columns: readonly string[];
}

/** A unique index (or primary key) of a table, as `uniqueKeys` tells it. */
export interface UniqueKey {
  readonly name: string;
  /** Its columns, in key order. */
  readonly columns: string[];
  /** The length of each prefix key part (MySQL `title(20)`), by column. */
  readonly prefixes?: Map<string, number>;
}
