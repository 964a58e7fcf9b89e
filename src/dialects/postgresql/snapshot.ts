import {queryConnector, type JugglerConnector} from '../../juggler';
import {escapeRegExp} from '../../planner/sql-text';
import {
  groupRows,
  withoutColumns,
  type CatalogSnapshot,
} from '../../planner/snapshot';
import {
  COLUMN_RELATION_KINDS,
  INDEXED_TABLE_KINDS,
  pgFieldsRead,
} from './reads';
import {tableKey, type ColumnType, type TableRef} from '../dialect';
import {COLUMN_TYPES_READ} from './catalog';
import {COLUMN_TYPE_IDS_READ, type ColumnTypeId} from './settled-types';
import {
  INDEX_COLUMNS,
  INDEX_INCLUDES,
  INDEX_OPTIONS,
  TABLE_INDEXES_READ,
  type TableIndex,
} from './table-indexes';

type Row = Record<string, unknown>;

/** The connector's `showFields` select list (as rewritten by `pgFieldsRead`). */
const FIELDS_SELECT = pgFieldsRead(
  'SELECT column_name AS "column", data_type AS "type", ' +
    'datetime_precision AS time_precision, ' +
    'is_nullable AS "nullable", character_maximum_length as "length"' +
    ' FROM "information_schema"."columns" WHERE ',
).replace(/ FROM "information_schema"\."columns" WHERE $/, '');

/**
 * The connector's `showIndexes` select list and joins, but for the keys
 * that are plain columns: their names, quoted as `pg_get_indexdef()`
 * quotes them, instead of asking it, which opens every index (at 1000
 * tables 22 instead of 59 ms on a new connection); it still spells the
 * expressions.
 */
const INDEXES_SELECT =
  'SELECT t.relname AS "table", i.relname AS "name", ' +
  'am.amname AS "type", ix.indisprimary AS "primary", ' +
  'ix.indisunique AS "unique", ' +
  'ARRAY(SELECT coalesce(quote_ident(a.attname), ' +
  '                      pg_get_indexdef(ix.indexrelid, k + 1, true)) ' +
  '  FROM generate_subscripts(ix.indkey, 1) AS k ' +
  // An expression's key is 0: no column has that number.
  '  LEFT JOIN pg_attribute a ' +
  '    ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k] ' +
  '  ORDER BY k ) AS "keys", ' +
  `${INDEX_COLUMNS} AS "__columns", ix.indpred IS NOT NULL AS "__partial", ` +
  `${INDEX_OPTIONS} AS "__options", ${INDEX_INCLUDES} AS "__included", ` +
  'ARRAY(SELECT ' +
  "  CASE ix.indoption[k] & 1 WHEN 1 THEN 'DESC' ELSE 'ASC' END " +
  '  FROM generate_subscripts(ix.indoption, 1) AS k ' +
  '  ORDER BY k ' +
  ') AS "order", ns.nspname AS "__schema" ' +
  'FROM pg_class t, pg_class i, pg_index ix, pg_am am, ' +
  'pg_namespace ns WHERE t.oid = ix.indrelid AND ' +
  'i.oid = ix.indexrelid AND ' +
  'i.relam = am.oid AND ' +
  `${INDEXED_TABLE_KINDS} AND ns.oid = t.relnamespace`;

/**
 * The rows of `information_schema.columns` of the schemas `$1` (a text
 * array), with the columns `FIELDS_SELECT` reads, computed as that view
 * computes them (the same joins, filters and `information_schema._pg_*`
 * functions) but without what it computes besides them, and with
 * `_pg_truetypid()` and `_pg_truetypmod()` (one CASE each) inlined: the
 * view built whole rows of `pg_attribute` and `pg_type` for them. At 1000
 * tables: 51 instead of 92 ms.
 */
const COLUMNS_OF_SCHEMAS = `SELECT nc.nspname AS table_schema, c.relname AS table_name,
       a.attname AS column_name, a.attnum AS ordinal_position,
       a.atttypid::int AS type_id, a.atttypmod AS type_mod,
       a.atthasdef OR a.attidentity <> '' AS has_default, a.attnotnull AS not_null,
       CASE WHEN a.attnotnull OR (t.typtype = 'd' AND t.typnotnull)
            THEN 'NO' ELSE 'YES' END AS is_nullable,
       CASE WHEN t.typtype = 'd' THEN
              CASE WHEN bt.typelem <> 0 AND bt.typlen = -1 THEN 'ARRAY'
                   WHEN nbt.nspname = 'pg_catalog' THEN format_type(t.typbasetype, NULL)
                   ELSE 'USER-DEFINED' END
            ELSE
              CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY'
                   WHEN nt.nspname = 'pg_catalog' THEN format_type(a.atttypid, NULL)
                   ELSE 'USER-DEFINED' END
       END AS data_type,
       information_schema._pg_char_max_length(tt.id, tt.mod) AS character_maximum_length,
       information_schema._pg_numeric_precision(tt.id, tt.mod) AS numeric_precision,
       information_schema._pg_numeric_scale(tt.id, tt.mod) AS numeric_scale,
       information_schema._pg_datetime_precision(tt.id, tt.mod) AS datetime_precision
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace nc ON nc.oid = c.relnamespace
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  JOIN pg_catalog.pg_namespace nt ON nt.oid = t.typnamespace
  LEFT JOIN (pg_catalog.pg_type bt
             JOIN pg_catalog.pg_namespace nbt ON nbt.oid = bt.typnamespace)
         ON t.typtype = 'd' AND t.typbasetype = bt.oid
  CROSS JOIN LATERAL (
    SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END AS id,
           CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS mod
  ) tt
 WHERE nc.nspname = ANY($1) AND NOT pg_is_other_temp_schema(nc.oid)
   AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ${COLUMN_RELATION_KINDS}
   AND (pg_has_role(c.relowner, 'USAGE')
        OR has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES'))`;

/** Columns of the snapshot's field rows that `showFields` has not. */
const BOOKKEEPING = [
  '__schema',
  '__table',
  '__dataType',
  '__typeId',
  '__typmod',
  '__hasDefault',
  '__notNull',
];

const RULE = (column: string) =>
  `CASE ${column} WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE' ` +
  `WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END`;

/**
 * The rows of the connector's `buildQueryForeignKeys()`, for every table,
 * from pg_catalog: the connector's information_schema query, run for all
 * tables, takes seconds (a correlated subquery over a view per key).
 * Composite keys give one row per column pair (the connector's query gives
 * their cross product).
 */
const FOREIGN_KEYS_SELECT = `SELECT ns.nspname AS "fkOwner", con.conname AS "fkName",
       cl.relname AS "fkTableName", a.attname AS "fkColumnName", k.ord::int AS "keySeq",
       ${RULE('con.confdeltype')} AS "onDelete", ${RULE('con.confupdtype')} AS "onUpdate",
       tns.nspname AS "pkOwner",
       (SELECT pk.conname FROM pg_catalog.pg_constraint pk
         WHERE pk.conrelid = con.confrelid AND pk.contype = 'p' LIMIT 1) AS "pkName",
       tcl.relname AS "pkTableName", ta.attname AS "pkColumnName"
  FROM pg_catalog.pg_constraint con
  JOIN pg_catalog.pg_class cl ON cl.oid = con.conrelid
  JOIN pg_catalog.pg_namespace ns ON ns.oid = cl.relnamespace
  JOIN pg_catalog.pg_class tcl ON tcl.oid = con.confrelid
  JOIN pg_catalog.pg_namespace tns ON tns.oid = tcl.relnamespace
  CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord)
  JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
  JOIN pg_catalog.pg_attribute ta ON ta.attrelid = con.confrelid AND ta.attnum = k.fattnum
 WHERE con.contype = 'f'
 ORDER BY ns.nspname, cl.relname, con.conname, k.ord`;

const SHOW_FIELDS =
  /^SELECT column_name AS "column",[\s\S]* FROM "information_schema"\."columns" WHERE table_name='((?:[^']|'')*)' and table_schema='((?:[^']|'')*)'$/;
/** `showIndexes` as `rewritePgRead` sends it. */
const SHOW_INDEXES = new RegExp(
  '^SELECT t\\.relname AS "table", i\\.relname AS "name",[\\s\\S]* AND ' +
    escapeRegExp(INDEXED_TABLE_KINDS) +
    " AND t\\.relname='((?:[^']|'')*)' and \\(ns\\.oid = t\\.relnamespace and ns\\.nspname='((?:[^']|'')*)'\\)$",
);
const FOREIGN_KEYS =
  /^SELECT tc\.table_schema AS "fkOwner", tc\.constraint_name AS "fkName",[\s\S]* WHERE tc\.constraint_type = 'FOREIGN KEY'(?: AND tc\.table_schema='((?:[^']|'')*)')? AND tc\.table_name='((?:[^']|'')*)'$/;

/**
 * Read the columns, indexes and foreign keys of the schemas of `tables` in
 * three queries, and answer the connector's `showFields`, `showIndexes` and
 * `discoverForeignKeys` reads from them.
 */
export async function loadPostgresSnapshot(
  connector: JugglerConnector & {
    buildQueryForeignKeys?(owner?: string, table?: string): string;
  },
  tables: readonly TableRef[],
): Promise<CatalogSnapshot> {
  const schemas = [...new Set(tables.map(t => t.schema))];
  const [fields, indexes, foreignKeys] = await Promise.all([
    queryConnector<Row>(
      connector,
      `${FIELDS_SELECT}, table_schema AS "__schema", table_name AS "__table",
              data_type AS "__dataType", type_id AS "__typeId",
              type_mod AS "__typmod", has_default AS "__hasDefault",
              not_null AS "__notNull"
         FROM (${COLUMNS_OF_SCHEMAS}) AS columns
        ORDER BY table_schema, table_name, ordinal_position`,
      [schemas],
    ),
    queryConnector<Row>(
      connector,
      `${INDEXES_SELECT} AND ns.nspname = ANY($1)`,
      [schemas],
    ),
    queryConnector<Row>(connector, FOREIGN_KEYS_SELECT),
  ]);
  const fieldsByTable = groupRows(fields, r => `${r.__schema}.${r.__table}`);
  const indexesByTable = groupRows(indexes, r => `${r.__schema}.${r.table}`);
  const fksByTable = groupRows(foreignKeys, r => String(r.fkTableName));
  const fksBySchemaTable = groupRows(
    foreignKeys,
    r => `${r.fkOwner}.${r.fkTableName}`,
  );
  const unquote = (s: string) => s.replace(/''/g, "'");
  const columnTypes: ColumnType[] = fields.map(r => ({
    schema: r.__schema as string,
    table: r.__table as string,
    column: r.column as string,
    type: r.__dataType as string,
    hasDefault: r.__hasDefault as boolean,
  }));
  const columnTypeIds: ColumnTypeId[] = fields.map(r => ({
    schema: r.__schema as string,
    table: r.__table as string,
    column: r.column as string,
    typeId: r.__typeId as number,
    typmod: r.__typmod as number,
    notNull: r.__notNull as boolean,
  }));
  const tableIndexes: TableIndex[] = indexes.map(r => ({
    schema: r.__schema as string,
    table: r.table as string,
    name: r.name as string,
    unique: r.unique as boolean,
    primary: r.primary as boolean,
    method: r.type as string,
    partial: r.__partial as boolean,
    columns: r.__columns as (string | null)[],
    options: r.__options as number[],
    included: r.__included as boolean,
  }));
  return {
    queries: 3,
    planReads: new Map<string, Promise<unknown>>([
      [COLUMN_TYPES_READ, Promise.resolve(columnTypes)],
      [COLUMN_TYPE_IDS_READ, Promise.resolve(byTable(columnTypeIds))],
      [TABLE_INDEXES_READ, Promise.resolve(byTable(tableIndexes))],
    ]),
    answer(sql) {
      let m = SHOW_FIELDS.exec(sql);
      if (m) {
        const key = `${unquote(m[2])}.${unquote(m[1])}`;
        return {
          rows: withoutColumns(fieldsByTable.get(key), BOOKKEEPING),
        };
      }
      m = SHOW_INDEXES.exec(sql);
      if (m) {
        const key = `${unquote(m[2])}.${unquote(m[1])}`;
        return {
          rows: withoutColumns(indexesByTable.get(key), [
            '__schema',
            '__columns',
            '__partial',
            '__options',
            '__included',
          ]),
        };
      }
      m = FOREIGN_KEYS.exec(sql);
      if (m) {
        const rows =
          m[1] !== undefined
            ? fksBySchemaTable.get(`${unquote(m[1])}.${unquote(m[2])}`)
            : fksByTable.get(unquote(m[2]));
        return {rows: withoutColumns(rows, [])};
      }
      return undefined;
    },
  };
}

/** Rows of tables, grouped by `tableKey()`. */
function byTable<T extends {schema: string; table: string}>(
  rows: readonly T[],
): Map<string, T[]> {
  return groupRows(rows, r => tableKey({schema: r.schema, name: r.table}));
}
