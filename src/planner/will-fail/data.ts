import {describeTable, escapeName, qualifiedName} from '../../dialects/dialect';
import type {FailureChecks} from './checks';
import type {JugglerConnector} from '../../juggler';
import type {TableRef} from '../../dialects/dialect';

/** How many samples a prediction names. */
export const SAMPLES = 5;

/** Rows that match a condition: how many, and the keys of a few. */
export interface MatchingRows {
  readonly count: number;
  /** e.g. `id 1, 4, 7`; '' when the table has no primary key. */
  readonly keys: string;
}

/** Values that occur more than once under a unique index. */
export interface Duplicates {
  /** Distinct duplicated values. */
  readonly values: number;
  /** Rows holding them. */
  readonly rows: number;
  /** e.g. `'a' (3 rows), 'b' (2 rows)`. */
  readonly samples: string;
}

/** Reads of stored data, the same SQL on PostgreSQL and MySQL. */
export class DataReader {
  constructor(
    private readonly connector: JugglerConnector,
    /** The dialect's primary key read, its reads of stored data, its count of distinct values. */
    private readonly checks: Pick<
      FailureChecks,
      'primaryKey' | 'scan' | 'distinctCount'
    >,
  ) {}

  private primaryKey(table: TableRef): Promise<string[]> {
    return this.checks.primaryKey(this.connector, table);
  }

  private scan<T>(sql: string): Promise<T[]> {
    return this.checks.scan<T>(this.connector, sql);
  }

  /** `t.<column>` for a condition on the table aliased `t`. */
  column(name: string, alias = 't'): string {
    return `${alias}.${escapeName(this.connector, name)}`;
  }

  /** `<table> <alias>`. */
  from(table: TableRef, alias = 't'): string {
    return `${qualifiedName(this.connector, table)} ${alias}`;
  }

  /** The rows of `table` (aliased `t`) where `condition` holds. */
  async rows(table: TableRef, condition = 'TRUE'): Promise<MatchingRows> {
    const from = this.from(table);
    const count = await this.count(
      `SELECT COUNT(*) AS n FROM ${from} WHERE ${condition}`,
    );
    const key = await this.primaryKey(table);
    if (count === 0 || key.length === 0) return {count, keys: ''};
    const columns = key.map(k => this.column(k)).join(', ');
    const rows = await this.scan<Record<string, unknown>>(
      `SELECT ${columns} FROM ${from} WHERE ${condition} ORDER BY ${columns} LIMIT ${SAMPLES}`,
    );
    return {count, keys: describeRows(key, rows)};
  }

  /**
   * The rows of `table` (aliased `t`) whose foreign key points at no row
   * of `target` (aliased `p`): `values` are SQL expressions over `t` (such
   * as {@link column}), compared with `targetColumns` in order; a row with
   * a NULL in its key points nowhere and is no orphan. Without a `target`
   * (a table not there yet) every such row is one.
   */
  orphans(
    table: TableRef,
    values: readonly string[],
    target?: {table: TableRef; columns: readonly string[]},
  ): Promise<MatchingRows> {
    const notNull = values.map(v => `${v} IS NOT NULL`);
    if (!target) return this.rows(table, notNull.join(' AND '));
    const matches = target.columns.map(
      (c, i) => `${this.column(c, 'p')} = ${values[i]}`,
    );
    const missing = `NOT EXISTS (SELECT 1 FROM ${this.from(target.table, 'p')} WHERE ${matches.join(' AND ')})`;
    return this.rows(table, [...notNull, missing].join(' AND '));
  }

  /**
   * The values of `keys` (SQL expressions over the table aliased `t`,
   * such as {@link column}; none NULL) that more than one row holds. The
   * rows are first counted against their distinct values, which the
   * databases do far faster than grouping them (MariaDB groups a large
   * table in a temporary table on disk: 1 million short strings, 11 s
   * against 0.6 s); the groups are read only where some value repeats.
   */
  async duplicates(
    table: TableRef,
    keys: readonly string[],
  ): Promise<Duplicates> {
    const list = keys.join(', ');
    const notNull = `WHERE ${keys.map(k => `${k} IS NOT NULL`).join(' AND ')}`;
    const repeated = await this.count(
      `SELECT COUNT(*) - ${this.checks.distinctCount(keys)} AS n ` +
        `FROM ${this.from(table)} ${notNull}`,
    );
    if (repeated === 0) return {values: 0, rows: 0, samples: ''};
    const groups =
      `FROM ${this.from(table)} ${notNull} ` +
      `GROUP BY ${list} HAVING COUNT(*) > 1`;
    const [totals] = await this.scan<{values: unknown; rows: unknown}>(
      `SELECT COUNT(*) AS ${this.alias('values')}, SUM(n) AS ${this.alias('rows')} ` +
        `FROM (SELECT COUNT(*) AS n ${groups}) d`,
    );
    const values = Number(totals?.values ?? 0);
    if (values === 0) return {values: 0, rows: 0, samples: ''};
    const rows = await this.scan<Record<string, unknown>>(
      `SELECT ${list}, COUNT(*) AS ${this.alias('copies')} ${groups} ` +
        `ORDER BY COUNT(*) DESC, ${list} LIMIT ${SAMPLES}`,
    );
    const samples = rows.map(row => {
      const {copies, ...value} = row;
      const shown = Object.values(value).map(formatValue);
      const text = shown.length === 1 ? shown[0] : `(${shown.join(', ')})`;
      return `${text} (${Number(copies)} rows)`;
    });
    return {
      values,
      rows: Number(totals?.rows ?? 0),
      samples: samples.join(', ') + (values > rows.length ? ', ...' : ''),
    };
  }

  private async count(sql: string): Promise<number> {
    const [row] = await this.scan<{n: unknown}>(sql);
    return Number(row?.n ?? 0);
  }

  /** A result column name that keeps its case on both databases. */
  private alias(name: string): string {
    return escapeName(this.connector, name);
  }
}

/**
 * `3 rows of "t" (id 1, 4, 7) point at no row of "p". To fix it, ...`:
 * the rows a foreign key of `table` to `target` would refuse.
 */
export function orphanRows(
  orphans: MatchingRows,
  table: TableRef,
  target: TableRef,
): string {
  return (
    `${countRows(orphans.count)} of ${describeTable(table)}${sampleKeys(orphans)} ` +
    `${orphans.count === 1 ? 'points' : 'point'} at no row of ${describeTable(target)}. To fix it, ` +
    'add the missing rows, or set those values to NULL (or delete the rows) first, by hand or with ' +
    'a migration script'
  );
}

/** `3 rows`, `1 row`. */
export function countRows(n: number): string {
  return `${n} row${n === 1 ? '' : 's'}`;
}

/** ` (id 1, 4, ...)`, or '' when the table has no primary key. */
export function sampleKeys({count, keys}: MatchingRows): string {
  return keys ? ` (${keys}${count > SAMPLES ? ', ...' : ''})` : '';
}

/**
 * How many rows a sampled read found in all: its `total`, counted beside
 * the sample (`COUNT(*) OVER () AS total`); 0 for no row.
 */
export function totalOf(rows: ReadonlyArray<Record<string, unknown>>): number {
  return Number(rows[0]?.total ?? 0);
}

/**
 * A row's key values, read where a sample selects them beside its other
 * columns as `k0`, `k1`, ...: the rows {@link describeRows} names.
 */
export function keyRowOf(
  key: readonly string[],
  row: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(key.map((_, i) => [i, row[`k${i}`]]));
}

/** `id 1, 4, 7` or `(a, b) (1, 'x'), (2, 'y')`: rows by their key. */
export function describeRows(
  key: readonly string[],
  rows: ReadonlyArray<Record<string, unknown>>,
): string {
  const values = rows.map(row => {
    const shown = Object.values(row).map(formatValue);
    return shown.length === 1 ? shown[0] : `(${shown.join(', ')})`;
  });
  const name = key.length === 1 ? key[0] : `(${key.join(', ')})`;
  return `${name} ${values.join(', ')}`;
}

/** A stored value as a message shows it: numbers bare, text quoted and cut. */
export function formatValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint')
    return String(value);
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex').slice(0, 32)}`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${cut(text)}'`;
}

/** A value's text as a message shows it: its first 40 characters. */
export function cut(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
