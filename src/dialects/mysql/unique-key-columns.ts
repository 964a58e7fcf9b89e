import {queryConnector, type JugglerConnector} from '../../juggler';
import {columnChanges} from '../../planner/alter-clauses';
import {droppedIndex} from '../../planner/statement-clauses';
import {alterClauses} from '../../planner/will-fail/clauses';
import {describeTable, type TableRef} from '../dialect';
import {describeServer, readServer} from './server';

/**
 * Why MariaDB refuses the statement's `DROP COLUMN` (error 1072, "Key
 * column ... doesn't exist in table"): the column is one of several of a
 * UNIQUE index (or primary key) that the statement keeps. MariaDB will not
 * shrink a unique key, which would change what it keeps unique (a
 * non-unique index it shrinks; a one-column index goes with its column):
 * a property removed while an index declared over it and another stays.
 * MySQL shrinks both: not judged there.
 */
export async function droppedUniqueKeyColumn(
  connector: JugglerConnector,
  table: TableRef,
  sql: string,
): Promise<string | undefined> {
  const dropped = columnChanges(sql).flatMap(c =>
    c.kind === 'drop-column' ? [c.column.toLowerCase()] : [],
  );
  if (dropped.length === 0) return undefined;
  const server = await readServer(connector);
  if (!server.mariadb) return undefined;
  const droppedIndexes = new Set(
    alterClauses(sql).flatMap(c => droppedIndex(c)?.toLowerCase() ?? []),
  );
  const keys = await mysqlUniqueKeys(connector, table);
  for (const {name: index, columns} of keys) {
    if (columns.length < 2 || droppedIndexes.has(index.toLowerCase())) {
      continue;
    }
    const column = columns.find(c => dropped.includes(c.toLowerCase()));
    if (column === undefined) continue;
    const key =
      index === 'PRIMARY' ? 'the primary key' : `unique index "${index}"`;
    return (
      `${describeServer(server)} refuses to drop column "${column}" of ` +
      `${describeTable(table)}: it is one of the columns of ${key} ` +
      `(${columns.map(c => `"${c}"`).join(', ')}), which the plan keeps ` +
      '(error 1072). Take the index out of the model (its `settings.indexes` ' +
      "or the properties' `index`) with the property, or keep the property"
    );
  }
  return undefined;
}

/**
 * A condition on `s`, a row of information_schema.STATISTICS with the
 * table's name as its parameter: its index has no prefix key part and no
 * part that is no column.
 */
const NO_PREFIX_PART = `
        AND NOT EXISTS (SELECT 1 FROM information_schema.STATISTICS p
                         WHERE p.TABLE_SCHEMA = DATABASE() AND p.TABLE_NAME = ?
                           AND p.INDEX_NAME = s.INDEX_NAME
                           AND (p.SUB_PART IS NOT NULL OR p.COLUMN_NAME IS NULL))`;

/**
 * The unique indexes (and the primary key) of a table, with their columns
 * in key order, from information_schema.STATISTICS. With
 * `withoutPrefixParts`, an index with a prefix key part (`title(20)`) or
 * a part that is no column (an expression) is left out.
 */
export async function mysqlUniqueKeys(
  connector: JugglerConnector,
  table: TableRef,
  {withoutPrefixParts = false}: {readonly withoutPrefixParts?: boolean} = {},
): Promise<{readonly name: string; readonly columns: string[]}[]> {
  const rows = await queryConnector<{name: string; column: string}>(
    connector,
    // Each information_schema view is filtered by constants of its own
    // (DATABASE(), names), joined on names only: a view joined on another's
    // TABLE_SCHEMA, or correlated in a subquery, is read for every database
    // of the server (in a subquery, once per row).
    `SELECT s.INDEX_NAME AS name, s.COLUMN_NAME AS \`column\`
       FROM information_schema.STATISTICS s
      WHERE s.TABLE_SCHEMA = DATABASE() AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0${
        withoutPrefixParts ? NO_PREFIX_PART : ''
      }
      ORDER BY s.INDEX_NAME, s.SEQ_IN_INDEX`,
    withoutPrefixParts ? [table.name, table.name] : [table.name],
  );
  const keys = new Map<string, string[]>();
  for (const {name, column} of rows) {
    const columns = keys.get(name) ?? [];
    columns.push(column);
    keys.set(name, columns);
  }
  return [...keys].map(([name, columns]) => ({name, columns}));
}
