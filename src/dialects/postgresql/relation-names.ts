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

/** `pg_type.typtype` in words, for types that are no relation's row type. */
const TYPE_KINDS: Readonly<Record<string, string>> = {
  b: 'base type',
  d: 'domain',
  e: 'enum type',
  m: 'multirange type',
  p: 'pseudo-type',
  r: 'range type',
};

/**
 * The relations (tables, indexes, sequences, views) and the types that
 * hold these names in their schemas, by `tableKey`: in PostgreSQL
 * relations share one namespace per schema, so an index cannot take the
 * name of a table or of another table's index; and a table gets a row type
 * of its name, so it cannot take the name of an enum or a domain.
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
    typeOnly: boolean;
  }>(
    connector,
    `WITH w AS (
       SELECT n.oid, w.schema, w.name
         FROM unnest($1::text[], $2::text[]) AS w(schema, name)
         JOIN pg_catalog.pg_namespace n ON n.nspname = w.schema
     )
     SELECT w.schema AS "schema", w.name AS "name", c.relkind::text AS "kind",
            t.relname AS "indexOf", false AS "typeOnly"
       FROM w
       JOIN pg_catalog.pg_class c ON c.relnamespace = w.oid AND c.relname = w.name
       LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
       LEFT JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
     UNION ALL
     SELECT w.schema, w.name, y.typtype::text, NULL, true
       FROM w
       JOIN pg_catalog.pg_type y
         ON y.typnamespace = w.oid AND y.typname = w.name AND y.typrelid = 0`,
    [names.map(n => n.schema), names.map(n => n.name)],
  );
  const named = new Map<string, NamedRelation>();
  // A relation first: an index and an enum may share a name (an index has
  // no row type), and the index is what clashes with another relation.
  for (const row of [...rows].sort((a, b) => +a.typeOnly - +b.typeOnly)) {
    const key = tableKey(row);
    if (named.has(key)) continue;
    named.set(
      key,
      row.typeOnly
        ? {kind: TYPE_KINDS[row.kind] ?? 'type', typeOnly: true}
        : {
            kind: KINDS[row.kind] ?? 'relation',
            ...(row.indexOf !== null && {indexOf: row.indexOf}),
          },
    );
  }
  return named;
}
