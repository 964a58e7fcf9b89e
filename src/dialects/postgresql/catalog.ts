import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  escapeName,
  qualifiedName,
  type ColumnType,
  type ForeignKeyColumn,
  type TableRef,
} from '../dialect';

/** The columns named `names` of the tables of `schemas`, with their types. */
export function pgColumnTypes(
  connector: JugglerConnector,
  schemas: readonly string[],
  names: readonly string[],
): Promise<ColumnType[]> {
  return queryConnector<ColumnType>(
    connector,
    `SELECT table_schema AS "schema", table_name AS "table",
            column_name AS "column", data_type AS "type"
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
