import {queryConnector, type JugglerConnector} from '../../juggler';

/** A column of a table, both names escaped for SQL. */
export interface ColumnRef {
  readonly table: string;
  readonly column: string;
  /** The column name, unescaped. */
  readonly name: string;
  /** The table name and its schema ('' where there is none), unescaped. */
  readonly tableName: string;
  readonly schema: string;
}

/**
 * A type change the database would refuse with the stored data: the
 * statement fails, so nothing is lost, but the plan cannot be applied.
 */
export interface ConversionRefusal {
  /** The database's own error for the conversion. */
  readonly error: string;
  /**
   * How many stored values cannot be converted; `undefined` when the
   * database cannot make the conversion at all, whatever the data.
   */
  readonly rows?: number;
  /**
   * The primary keys of the first of those rows (`id 7, 9`); '' or absent
   * where the table has none or the database cannot tell.
   */
  readonly keys?: string;
}

/**
 * How many stored values a type change would not keep: a value is kept when
 * the converted value, read back as the old type, equals it by the old
 * type's own comparison.
 */
export interface ConversionLoss {
  readonly values: number;
  /** `false` when the database cannot tell exactly: every non-null value is counted. */
  readonly exact: boolean;
  /** Set when the database would refuse the change: then nothing is lost. */
  readonly refusal?: ConversionRefusal;
  /**
   * A per-row SQL condition, true when the row's value would be kept: what
   * the run's guard holds new writes to until the change is made. Absent
   * where the database has none.
   */
  readonly keeps?: string;
  /** What else the change does that the model may not mean, in words. */
  readonly note?: string;
  /**
   * The first of the rows whose value would not survive, by primary key,
   * each with its value before and after (`id 3: '007' → 7`); absent where
   * the values are not judged exactly.
   */
  readonly samples?: string;
}

/** Per-database queries that look at stored data to judge a change. */
export interface LossChecks {
  /** Rows whose value in the column is not NULL. */
  countValues(connector: JugglerConnector, ref: ColumnRef): Promise<number>;
  /** Rows whose value in the column is NULL. */
  countNulls(connector: JugglerConnector, ref: ColumnRef): Promise<number>;
  /** Rows in the table. */
  countRows(connector: JugglerConnector, table: string): Promise<number>;
  /** Values that would be lost or altered by converting the column to `type`. */
  conversionLoss(
    connector: JugglerConnector,
    ref: ColumnRef,
    type: string,
  ): Promise<ConversionLoss>;
  /**
   * Whether the column stores no value, its values computed when read (a
   * MySQL `VIRTUAL` generated column): dropping it loses nothing.
   */
  computedColumn?(
    connector: JugglerConnector,
    ref: ColumnRef,
  ): Promise<boolean>;
  /**
   * Why the connector gives a model's column `type` when the model does
   * not name it and may not mean it (a length it chose), in words.
   */
  typeNote?(
    connector: JugglerConnector,
    model: string,
    column: string,
    type: string,
  ): string | undefined;
  /**
   * Whether a column of type `current` restated as `next` keeps every
   * value it can hold, whatever the rows: the same type, as the database
   * compares them (MySQL: without case and integer display widths), or a
   * wider one (a longer `VARCHAR`, a larger integer).
   */
  keepsValues?(current: string, next: string): boolean;
  /** The column's current type, as the catalog names it. */
  currentType(
    connector: JugglerConnector,
    ref: ColumnRef,
  ): Promise<string | undefined>;
}

/** Read a count from the first row of a result. */
export function firstCount(
  rows: ReadonlyArray<Record<string, unknown>>,
): number {
  const value = rows[0] ? Object.values(rows[0])[0] : 0;
  return Number(value ?? 0);
}

/** Run a counting query and return its count. */
export async function count(
  connector: JugglerConnector,
  sql: string,
): Promise<number> {
  return firstCount(
    await queryConnector<Record<string, unknown>>(connector, sql),
  );
}

/** Runs a counting query (names come escaped) and returns its count. */
export type CountQuery = (
  connector: JugglerConnector,
  sql: string,
) => Promise<number>;

/** The counts that read the same on every SQL database, run by `run`. */
export function countingChecksBy(
  run: CountQuery,
): Pick<LossChecks, 'countValues' | 'countNulls' | 'countRows'> {
  return {
    countValues: (connector, ref) =>
      run(connector, `SELECT COUNT(${ref.column}) FROM ${ref.table}`),
    countNulls: (connector, ref) =>
      run(
        connector,
        `SELECT COUNT(*) FROM ${ref.table} WHERE ${ref.column} IS NULL`,
      ),
    countRows: (connector, table) =>
      run(connector, `SELECT COUNT(*) FROM ${table}`),
  };
}
