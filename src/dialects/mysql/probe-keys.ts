import type {ColumnRef} from '../../planner/loss/checks';
import {describeRows, SAMPLES} from '../../planner/will-fail/data';
import {PRIMARY_KEY_COLUMNS, type PrimaryKeyColumn} from './primary-key';
import {quote} from './quote';

/** A connection that runs one query with parameters. */
interface Querying {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * The primary key of a table copied beside each value of a conversion
 * probe, so that the rows the server names by their place in the probe
 * (`... at row 2`) are named by their key instead. The probe numbers its
 * rows `n` in the order it holds them, which is the order the server
 * converts them in.
 */
export class ProbeKeys {
  private constructor(private readonly columns: readonly PrimaryKeyColumn[]) {}

  /** The primary key of `ref`'s table, read from the catalog; none without one. */
  static async of(conn: Querying, ref: ColumnRef): Promise<ProbeKeys> {
    const rows = (await conn.query(PRIMARY_KEY_COLUMNS, [
      ref.tableName,
      ref.tableName,
    ])) as PrimaryKeyColumn[];
    return new ProbeKeys(rows);
  }

  /** The key's column names, in key order (the probe's `k0`, `k1`, ...). */
  names(): string[] {
    return this.columns.map(c => c.name);
  }

  /** The probe's row number and key columns, for its `CREATE TABLE`. */
  definitions(): string {
    return [
      'n BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY',
      ...this.columns.map((c, i) => `k${i} ${c.type} NULL`),
    ].join(', ');
  }

  /** The probe's key columns, for its `INSERT`: `, k0, k1`. */
  probeColumns(): string {
    return this.columns.map((_, i) => `, k${i}`).join('');
  }

  /** The table's key columns, selected beside the value: `, \`id\``. */
  tableColumns(): string {
    return this.columns.map(c => `, ${quote(c.name)}`).join('');
  }

  /** `ORDER BY` the table's key, or '' without one. */
  orderBy(): string {
    const list = this.columns.map(c => quote(c.name)).join(', ');
    return list ? ` ORDER BY ${list}` : '';
  }

  /**
   * The keys of the first {@link SAMPLES} probe rows the server refused:
   * those at `places` (1 is its first row), those `numbers` names, and those whose value is one of
   * `values` (a message naming the value, not the row: "Truncated
   * incorrect INTEGER value: 'abc'"); `id 7, 9`, or '' without a primary
   * key.
   */
  async describe(
    conn: Querying,
    probe: string,
    refused: {
      readonly places: readonly number[];
      readonly values: readonly string[];
      /** Probe rows (`n`) known refused. */
      readonly numbers?: readonly number[];
    },
  ): Promise<string> {
    if (this.columns.length === 0) return '';
    const numbers = new Set<number>(refused.numbers);
    // A refusal of every row lists each of them: the first few are named.
    const places = [...refused.places].sort((a, b) => a - b).slice(0, SAMPLES);
    for (const place of places) {
      const found = (await conn.query(
        `SELECT n FROM ${probe} ORDER BY n LIMIT 1 OFFSET ?`,
        [place - 1],
      )) as Array<{n: number | string}>;
      found.forEach(r => numbers.add(Number(r.n)));
    }
    for (const value of [...new Set(refused.values)].slice(0, SAMPLES)) {
      const found = (await conn.query(
        `SELECT n FROM ${probe} WHERE BINARY CONVERT(o USING utf8mb4) = BINARY ? ORDER BY n LIMIT ${SAMPLES}`,
        [value],
      )) as Array<{n: number | string}>;
      found.forEach(r => numbers.add(Number(r.n)));
    }
    if (numbers.size === 0) return '';
    const first = [...numbers].sort((a, b) => a - b).slice(0, SAMPLES);
    const list = this.columns.map((_, i) => `k${i}`).join(', ');
    const rows = (await conn.query(
      `SELECT ${list} FROM ${probe} WHERE n IN (${first.join(', ')}) ORDER BY n`,
    )) as Array<Record<string, unknown>>;
    return describeRows(
      this.columns.map(c => c.name),
      rows,
    );
  }
}

/** A server message without the probe's row number (` at row 2`). */
export function withoutProbeRow(message: string): string {
  return message.replace(/ at row \d+/g, '');
}
