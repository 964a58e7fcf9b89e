import {queryConnector, type JugglerConnector} from '../../juggler';
import type {TableRef} from '../dialect';
import {canonicalMysqlType, integerSign} from './types';

/**
 * A stored value (`expression`) as a column of `type` will hold it, for
 * comparing values with each other after a type change: `'1'` and `'01'`
 * are two strings and one `INT`, so a unique index over the converted
 * column refuses them (`Duplicate entry`). A `CAST` to the type where
 * MySQL and MariaDB have one (integers, `DECIMAL(p,s)`, `FLOAT` and
 * `DOUBLE` as `DOUBLE`, dates and times); other types (strings, `TEXT`,
 * `JSON`, `ENUM`) compare as they are stored, which MySQL converts
 * implicitly where it compares them with a key.
 */
export function mysqlAsConverted(expression: string, type: string): string {
  const integer = integerSign(type);
  if (integer) {
    return `CAST(${expression} AS ${integer.unsigned ? 'UNSIGNED' : 'SIGNED'})`;
  }
  const canonical = canonicalMysqlType(type);
  const decimal = /^decimal\((\d+),(\d+)\)/.exec(canonical);
  if (decimal) {
    return `CAST(${expression} AS DECIMAL(${decimal[1]},${decimal[2]}))`;
  }
  if (/^(float|double)\b/.test(canonical)) {
    return `CAST(${expression} AS DOUBLE)`;
  }
  const time = /^(date|datetime|timestamp|time)(\(\d\))?(?:$|\s)/.exec(
    canonical,
  );
  if (time) {
    const target = time[1] === 'timestamp' ? 'datetime' : time[1];
    return `CAST(${expression} AS ${target.toUpperCase()}${time[2] ?? ''})`;
  }
  return expression;
}

/**
 * The unique indexes (and the primary key) of a table, with their columns
 * in key order, for judging a type change that rebuilds them. An index
 * with a prefix key part (`title(20)`) is left out: a type change to a
 * number or a time leaves it no prefix to take.
 */
export async function mysqlUniqueKeys(
  connector: JugglerConnector,
  table: TableRef,
): Promise<{readonly name: string; readonly columns: string[]}[]> {
  const rows = await queryConnector<{name: string; column: string}>(
    connector,
    // Each information_schema view is filtered by constants of its own
    // (DATABASE(), names), joined on names only: a view joined on another's
    // TABLE_SCHEMA, or correlated in a subquery, is read for every database
    // of the server (in a subquery, once per row).
    `SELECT s.INDEX_NAME AS name, s.COLUMN_NAME AS \`column\`
       FROM information_schema.STATISTICS s
      WHERE s.TABLE_SCHEMA = DATABASE() AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0
        AND NOT EXISTS (SELECT 1 FROM information_schema.STATISTICS p
                         WHERE p.TABLE_SCHEMA = DATABASE() AND p.TABLE_NAME = ?
                           AND p.INDEX_NAME = s.INDEX_NAME
                           AND (p.SUB_PART IS NOT NULL OR p.COLUMN_NAME IS NULL))
      ORDER BY s.INDEX_NAME, s.SEQ_IN_INDEX`,
    [table.name, table.name],
  );
  const keys = new Map<string, string[]>();
  for (const {name, column} of rows) {
    const columns = keys.get(name) ?? [];
    columns.push(column);
    keys.set(name, columns);
  }
  return [...keys].map(([name, columns]) => ({name, columns}));
}
