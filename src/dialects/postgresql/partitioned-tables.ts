import {queryConnector, type JugglerConnector} from '../../juggler';
import type {OnlineTable} from '../../runner/online-forms';
import {tableKey} from '../dialect';

/**
 * The models of `tables` whose table is partitioned (`PARTITION BY`):
 * PostgreSQL refuses two online forms there, `CREATE INDEX CONCURRENTLY`
 * ("cannot create index on partitioned table ... concurrently") and a
 * `NOT VALID` foreign key ("cannot add NOT VALID foreign key on
 * partitioned table"). One query; none when `tables` is empty.
 */
export async function partitionedModels(
  connector: JugglerConnector,
  tables: readonly OnlineTable[],
): Promise<ReadonlySet<string>> {
  if (tables.length === 0) return new Set();
  const rows = await queryConnector<{schema: string; name: string}>(
    connector,
    `SELECT n.nspname AS "schema", c.relname AS "name"
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN unnest($1::text[], $2::text[]) AS t(schema, name)
         ON t.schema = n.nspname AND t.name = c.relname
      WHERE c.relkind = 'p'`,
    [tables.map(t => t.table.schema), tables.map(t => t.table.name)],
  );
  const partitioned = new Set(
    rows.map(r => tableKey({schema: r.schema, name: r.name})),
  );
  return new Set(
    tables.filter(t => partitioned.has(tableKey(t.table))).map(t => t.model),
  );
}
