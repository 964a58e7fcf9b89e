import {queryConnector, type JugglerConnector} from '../../juggler';
import {tableKey, type IndexRef} from '../dialect';

/**
 * The postgresql dialect's `existingIndexes`: those of the given indexes
 * whose schema has an index of that name, on whichever table (PostgreSQL
 * names tables and indexes in one namespace per schema).
 */
export async function pgExistingIndexes(
  connector: JugglerConnector,
  indexes: readonly IndexRef[],
): Promise<IndexRef[]> {
  if (indexes.length === 0) return [];
  const named = indexes.map(i => ({schema: i.table.schema, name: i.name}));
  const rows = await queryConnector<{schema: string; name: string}>(
    connector,
    `SELECT n.nspname AS "schema", c.relname AS "name"
       FROM unnest($1::text[], $2::text[]) AS w(schema, name)
       JOIN pg_catalog.pg_namespace n ON n.nspname = w.schema
       JOIN pg_catalog.pg_class c
         ON c.relnamespace = n.oid AND c.relname = w.name
      WHERE c.relkind IN ('i', 'I')`,
    [named.map(n => n.schema), named.map(n => n.name)],
  );
  const present = new Set(rows.map(tableKey));
  return indexes.filter((_, i) => present.has(tableKey(named[i])));
}
