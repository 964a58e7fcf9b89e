import {queryConnector, type JugglerConnector} from '../../juggler';
import type {IndexRef} from '../dialect';

/**
 * The mysql dialect's `existingIndexes`: those of the given indexes that
 * their tables have. MySQL and MariaDB name indexes per table and compare
 * their names without case.
 */
export async function mysqlExistingIndexes(
  connector: JugglerConnector,
  indexes: readonly IndexRef[],
): Promise<IndexRef[]> {
  if (indexes.length === 0) return [];
  const rows = await queryConnector<{table: string; name: string}>(
    connector,
    `SELECT DISTINCT TABLE_NAME AS \`table\`, INDEX_NAME AS name
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)`,
    [[...new Set(indexes.map(i => i.table.name))]],
  );
  const key = (table: string, name: string) => `${table}.${name.toLowerCase()}`;
  const present = new Set(rows.map(row => key(row.table, row.name)));
  return indexes.filter(i => present.has(key(i.table.name, i.name)));
}
