/**
 * The column list the connector's `showFields` reads: `data_type` alone says
 * `numeric`, `character` and `ARRAY` without the precision, length or
 * element type that the connector puts in the type it compares with
 * (`NUMERIC(10,2)`, `CHAR(3)`, `TEXT[]`), so it changes such columns on
 * every run.
 */
const SHOW_FIELDS =
  /^SELECT column_name AS "column", data_type AS "type",[\s\S]*\sFROM "information_schema"\."columns" WHERE /;

const READ_TYPE = 'data_type AS "type"';

/** The column type, spelled as the connector spells it where they differ. */
const TYPE_AS_THE_CONNECTOR_SPELLS_IT = `CASE
    WHEN data_type = 'numeric' AND numeric_scale <> 0
      THEN 'NUMERIC(' || numeric_precision || ',' || numeric_scale || ')'
    WHEN data_type = 'numeric' AND numeric_precision IS NOT NULL
      THEN 'NUMERIC(' || numeric_precision || ')'
    WHEN data_type = 'character' AND character_maximum_length IS NOT NULL
      THEN 'CHAR(' || character_maximum_length || ')'
    WHEN data_type = 'ARRAY'
      THEN (SELECT upper(replace(format_type(a.atttypid, a.atttypmod),
                                 'character varying', 'varchar'))
              FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = format('%I.%I', table_schema::text, table_name::text)::regclass
               AND a.attname = column_name::text)
    ELSE data_type
  END AS "type"`;

/**
 * The PostgreSQL dialect's `rewriteRead`: the connector's column read, made
 * to report types as the connector spells them (see `SHOW_FIELDS`); any
 * other SQL as it is.
 */
export function rewritePgRead(sql: string): string {
  if (!SHOW_FIELDS.test(sql)) return sql;
  return sql.replace(READ_TYPE, TYPE_AS_THE_CONNECTOR_SPELLS_IT);
}
