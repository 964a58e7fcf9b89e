import type {PgClient} from './client';
import {quote} from './online';
import type {ColumnRef} from '../../planner/loss/checks';
import {describeRows, keyRowOf, SAMPLES} from '../../planner/will-fail/data';

/** A column a type change converts, as the catalog has it. */
export interface ConvertedColumn {
  /** Its type as PostgreSQL spells it in a cast, modifiers included. */
  readonly type: string;
  /** Its table's primary key columns, in key order; none without one. */
  readonly key: readonly string[];
}

/** The column's type and its table's primary key, in one catalog read. */
export async function convertedColumn(
  client: PgClient,
  ref: ColumnRef,
): Promise<ConvertedColumn> {
  const {rows} = await client.query(
    `SELECT format_type(a.atttypid, a.atttypmod) AS "type",
            ARRAY(SELECT k.attname::text
                    FROM pg_index i
                   CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS u(attnum, at)
                    JOIN pg_attribute k ON k.attrelid = i.indrelid AND k.attnum = u.attnum
                   WHERE i.indrelid = a.attrelid AND i.indisprimary
                   ORDER BY u.at) AS "key"
       FROM pg_attribute a
      WHERE a.attrelid = $1::regclass AND a.attname = $2 AND NOT a.attisdropped`,
    [ref.table, ref.name],
  );
  return rows[0] as ConvertedColumn;
}

/**
 * The first {@link SAMPLES} rows of the table matching `condition`, by
 * primary key (selected as `k0`, `k1`, ... beside `columns`), and how many
 * match in all (`total`), in one read.
 */
export function sampledRows(
  ref: ColumnRef,
  key: readonly string[],
  columns: string,
  condition: string,
): string {
  const keys = key.map((k, i) => `, ${quote(k)} AS k${i}`).join('');
  const order =
    key.length > 0 ? ` ORDER BY ${key.map(k => quote(k)).join(', ')}` : '';
  return (
    `SELECT count(*) OVER () AS total${columns}${keys} FROM ${ref.table} ` +
    `WHERE ${condition}${order} LIMIT ${SAMPLES}`
  );
}

/** `id 7, 9` for the rows {@link sampledRows} read; '' without a key. */
export function describeSampledKeys(
  key: readonly string[],
  rows: ReadonlyArray<Record<string, unknown>>,
): string {
  if (key.length === 0) return '';
  return describeRows(
    key,
    rows.map(row => keyRowOf(key, row)),
  );
}
