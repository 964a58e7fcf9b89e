import type {JugglerConnector} from '../../juggler';
import {pgSchemaOf} from './model-schema';

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
 * The connector's read of a table's foreign keys (`discoverForeignKeys`),
 * which it sends without the table's schema: it then finds the keys of every
 * table of that name, in any schema, as the model's own.
 */
const FOREIGN_KEY_READ = /^SELECT tc\.table_schema AS "fkOwner", /;

const FOREIGN_KEYS_OF_ANY_SCHEMA =
  /^(SELECT tc\.table_schema AS "fkOwner", [\s\S]* WHERE tc\.constraint_type = 'FOREIGN KEY')( AND tc\.table_name='((?:[^']|'')*)')$/;

/**
 * The connector's read of a table's indexes (`showIndexes`), which looks at
 * plain tables only: a partitioned table's indexes were never found, so an
 * index the model declares on one was planned again on every run (and
 * refused: its name is taken).
 */
const INDEX_READ =
  /^(SELECT t\.relname AS "table", i\.relname AS "name",[\s\S]* AND )t\.relkind='r'( AND t\.relname=')/;

/** The kinds of table whose indexes the plan reads: plain and partitioned. */
export const INDEXED_TABLE_KINDS = "t.relkind IN ('r', 'p')";

/**
 * The kinds of relation whose columns the plan reads, as the connector's
 * `information_schema.columns` has them: plain and partitioned tables,
 * views and foreign tables (a model may map to a view).
 */
export const COLUMN_RELATION_KINDS = "('r', 'v', 'f', 'p')";

/**
 * The PostgreSQL dialect's `rewriteRead`: the connector's column read, made
 * to report types as the connector spells them (see `SHOW_FIELDS`); its
 * read of the model's table's foreign keys, made to look in the table's
 * schema only (a table of the same name in another schema has keys of its
 * own: the connector would drop them from the model's table on every run,
 * or never add the model's key of the same name); its read of a table's
 * indexes, made to find a partitioned table's too (see `INDEX_READ`); any
 * other SQL as it is.
 */
export function rewritePgRead(
  sql: string,
  connector: JugglerConnector,
  model: string,
): string {
  if (SHOW_FIELDS.test(sql)) return pgFieldsRead(sql);
  if (INDEX_READ.test(sql)) {
    return sql.replace(INDEX_READ, `$1${INDEXED_TABLE_KINDS}$2`);
  }
  const keys = FOREIGN_KEYS_OF_ANY_SCHEMA.exec(sql);
  if (!keys || keys[3].replace(/''/g, "'") !== connector.table?.(model)) {
    return sql;
  }
  const schema = pgSchemaOf(connector, model).replace(/'/g, "''");
  return `${keys[1]} AND tc.table_schema='${schema}'${keys[2]}`;
}

/** The connector's column read, reporting types as it spells them. */
export function pgFieldsRead(sql: string): string {
  return sql.replace(READ_TYPE, TYPE_AS_THE_CONNECTOR_SPELLS_IT);
}

/** Whether `sql` is the connector's read of a table's foreign keys. */
export function isPgForeignKeyRead(sql: string): boolean {
  return FOREIGN_KEY_READ.test(sql);
}
