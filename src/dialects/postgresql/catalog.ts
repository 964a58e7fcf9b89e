import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  escapeName,
  qualifiedName,
  type ColumnType,
  type ForeignKeyColumn,
  type PlanCache,
  type TableRef,
} from '../dialect';

/**
 * The `PlanCache` key of every column of the plan's schemas with its type
 * (`ColumnType[]`), as a plan's catalog snapshot holds them.
 */
export const COLUMN_TYPES_READ = 'postgresql:column-types';

/**
 * The columns named `names` of the tables of `schemas`, with their types:
 * from the plan's catalog snapshot when `cache` holds it (it covers the
 * schemas of the plan's tables).
 */
export async function pgColumnTypes(
  connector: JugglerConnector,
  schemas: readonly string[],
  names: readonly string[],
  cache?: PlanCache,
): Promise<ColumnType[]> {
  const read = cache?.get(COLUMN_TYPES_READ);
  if (read) {
    const inSchemas = new Set(schemas);
    const named = new Set(names);
    return ((await read) as ColumnType[]).filter(
      c => inSchemas.has(c.schema) && named.has(c.column),
    );
  }
  return queryConnector<ColumnType>(
    connector,
    `SELECT table_schema AS "schema", table_name AS "table",
            column_name AS "column", data_type AS "type",
            column_default IS NOT NULL OR is_identity = 'YES' AS "hasDefault"
       FROM information_schema.columns
      WHERE table_schema = ANY($1) AND column_name = ANY($2)`,
    [schemas, names],
  );
}

/** Every foreign key column pair of the database, with both types. */
export function pgForeignKeyColumns(
  connector: JugglerConnector,
): Promise<ForeignKeyColumn[]> {
  return queryConnector<ForeignKeyColumn>(
    connector,
    `SELECT con.conname AS "name",
            ns.nspname AS "schema", cl.relname AS "table", a.attname AS "column",
            format_type(a.atttypid, a.atttypmod) AS "type",
            tns.nspname AS "targetSchema", tcl.relname AS "targetTable",
            ta.attname AS "targetColumn",
            format_type(ta.atttypid, ta.atttypmod) AS "targetType"
       FROM pg_catalog.pg_constraint con
       JOIN pg_catalog.pg_class cl ON cl.oid = con.conrelid
       JOIN pg_catalog.pg_namespace ns ON ns.oid = cl.relnamespace
       JOIN pg_catalog.pg_class tcl ON tcl.oid = con.confrelid
       JOIN pg_catalog.pg_namespace tns ON tns.oid = tcl.relnamespace
       CROSS JOIN LATERAL unnest(con.conkey, con.confkey) AS k(col, tcol)
       JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.col
       JOIN pg_catalog.pg_attribute ta ON ta.attrelid = con.confrelid AND ta.attnum = k.tcol
      WHERE con.contype = 'f'`,
  );
}

/** `ALTER TABLE ... ALTER COLUMN ... TYPE ... USING` (a cast of each value). */
export function pgAlterColumnTypeSql(
  connector: JugglerConnector,
  table: TableRef,
  column: string,
  type: string,
): string {
  const name = escapeName(connector, column);
  return (
    `ALTER TABLE ${qualifiedName(connector, table)} ALTER COLUMN ${name} ` +
    `TYPE ${type} USING ${name}::${type}`
  );
}
