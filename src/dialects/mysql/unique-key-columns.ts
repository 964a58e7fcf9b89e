import {queryConnector, type JugglerConnector} from '../../juggler';
import {columnChanges} from '../../planner/alter-clauses';
import {droppedIndexNames} from '../../planner/will-fail/clauses';
import {describeTable, type TableRef} from '../dialect';
import type {UniqueKey} from '../../planner/will-fail/checks';
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
  const droppedIndexes = droppedIndexNames(sql);
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
 * The unique indexes (and the primary key) of a table, with their columns
 * in key order and the length of each prefix key part (`title(20)`), from
 * information_schema.STATISTICS. An index with a part that is no column
 * (a MySQL 8 expression) is left out: no column's values tell its keys.
 */
export async function mysqlUniqueKeys(
  connector: JugglerConnector,
  table: TableRef,
): Promise<UniqueKey[]> {
  const rows = await queryConnector<{
    name: string;
    column: string | null;
    prefix: number | null;
  }>(
    connector,
    // Filtered by constants of its own (DATABASE(), the name): a view
    // correlated in a subquery is read for every database of the server.
    `SELECT INDEX_NAME AS name, COLUMN_NAME AS \`column\`, SUB_PART AS prefix
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND NON_UNIQUE = 0
      ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
    [table.name],
  );
  type Read = Required<UniqueKey>;
  const keys = new Map<string, Read | undefined>();
  for (const {name, column, prefix} of rows) {
    const key: Read | undefined = keys.has(name)
      ? keys.get(name)
      : {name, columns: [], prefixes: new Map()};
    if (key && column !== null) {
      key.columns.push(column);
      if (prefix !== null) key.prefixes.set(column, Number(prefix));
    }
    keys.set(name, column === null ? undefined : key);
  }
  return [...keys.values()].filter(key => key !== undefined);
}
