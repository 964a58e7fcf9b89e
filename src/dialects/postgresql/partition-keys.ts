import {describeTable, type TableRef} from '../dialect';
import {queryConnector, type JugglerConnector} from '../../juggler';

/**
 * Why PostgreSQL refuses a unique index of `columns` on `table`, when the
 * table is partitioned and the index lacks a column of its partition key
 * ("unique constraint on partitioned table must include all partitioning
 * columns"): each partition checks uniqueness on its own rows only. A key
 * partitioned by an expression allows no unique index at all.
 */
export async function uniqueWithoutPartitionKey(
  connector: JugglerConnector,
  table: TableRef,
  index: string,
  columns: readonly string[],
): Promise<string | undefined> {
  const rows = await queryConnector<{key: (string | null)[]}>(
    connector,
    `SELECT ARRAY(SELECT a.attname
                    FROM unnest(p.partattrs) WITH ORDINALITY AS k(attnum, at)
                    LEFT JOIN pg_catalog.pg_attribute a
                      ON a.attrelid = p.partrelid AND a.attnum = k.attnum
                   ORDER BY k.at)::text[] AS "key"
       FROM pg_catalog.pg_partitioned_table p
       JOIN pg_catalog.pg_class c ON c.oid = p.partrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2`,
    [table.schema, table.name],
  );
  if (rows.length === 0) return undefined;
  const where = `unique index "${index}" of partitioned table ${describeTable(table)}`;
  const key = rows[0].key;
  if (key.some(column => column === null)) {
    return (
      `${where} cannot be made: the table is partitioned by an expression, ` +
      'and PostgreSQL makes no unique index on such a table. Drop unique'
    );
  }
  const missing = (key as string[]).filter(c => !columns.includes(c));
  if (missing.length === 0) return undefined;
  const quoted = (names: readonly string[]) =>
    names.map(name => `"${name}"`).join(', ');
  return (
    `${where} lacks its partition key column${missing.length > 1 ? 's' : ''} ` +
    `${quoted(missing)}: PostgreSQL checks uniqueness in each partition ` +
    'only, and refuses it. Declare a unique index over ' +
    `${quoted(columns)} and ${quoted(missing)} in settings.indexes (keys: ` +
    'their properties, options: {unique: true}), or drop unique'
  );
}
