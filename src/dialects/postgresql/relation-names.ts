import {tableKey, type TableRef} from '../dialect';
import {queryConnector, type JugglerConnector} from '../../juggler';
import type {NamedRelation} from '../../planner/will-fail/checks';

/** `pg_class.relkind` in words. */
const KINDS: Readonly<Record<string, string>> = {
  r: 'table',
  p: 'table',
  i: 'index',
  I: 'index',
  S: 'sequence',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
  c: 'composite type',
};

/**
 * The relations (tables, indexes, sequences, views) that hold these names
 * in their schemas, by `tableKey`: in PostgreSQL they share one namespace
 * per schema, so an index cannot take the name of a table or of another
 * table's index.
 */
export async function relationsNamed(
  connector: JugglerConnector,
  names: readonly TableRef[],
): Promise<Map<string, NamedRelation>> {
  const rows = await queryConnector<{
    schema: string;
    name: string;
    kind: string;
    indexOf: string | null;
  }>(
    connector,
    `SELECT n.nspname AS "schema", c.relname AS "name", c.relkind::text AS "kind",
            t.relname AS "indexOf"
       FROM unnest($1::text[], $2::text[]) AS w(schema, name)
       JOIN pg_catalog.pg_namespace n ON n.nspname = w.schema
       JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = w.name
       LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
       LEFT JOIN pg_catalog.pg_class t ON t.oid = i.indrelid`,
    [names.map(n => n.schema), names.map(n => n.name)],
  );
  return new Map(
    rows.map(row => [
      tableKey(row),
      {
        kind: KINDS[row.kind] ?? 'relation',
        ...(row.indexOf !== null && {indexOf: row.indexOf}),
      },
    ]),
  );
}
