import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  groupRows,
  withoutColumns,
  type CatalogSnapshot,
} from '../../planner/snapshot';

import {readForeignKeyCatalog} from './foreign-key-rules';
import {NO_SUCH_TABLE} from './missing-table';
import {snapshotPlanReads} from './plan-reads';

type Row = Record<string, unknown>;

const SHOW_FIELDS = /^SHOW FIELDS FROM `((?:[^`]|``)+)`$/;
const SHOW_INDEXES = /^SHOW INDEXES FROM `((?:[^`]|``)+)`$/;
const SHOW_CREATE = /^SHOW CREATE TABLE `((?:[^`]|``)+)`$/;
/**
 * The connector's `discoverForeignKeys` read of one table. It filters on the
 * datasource's `database` setting, and reads every database of the server
 * without it (a datasource configured by `url`): the snapshot, read from the
 * connection's own database, answers both.
 */
const FOREIGN_KEYS =
  /^SELECT table_schema AS "fkOwner", constraint_name AS "fkName",[\s\S]*?(?: AND table_schema='((?:[^'\\]|\\.|'')*)')? AND table_name='((?:[^'\\]|\\.|'')*)'$/;

/**
 * Read the columns, indexes and foreign keys of the current database in four
 * queries (sent at once), and answer the connector's `SHOW FIELDS`, `SHOW INDEXES`,
 * `SHOW CREATE TABLE` (its foreign key rules) and `discoverForeignKeys`
 * reads from them, as the database would, errors for missing tables included.
 */
export async function loadMysqlSnapshot(
  connector: JugglerConnector & {getDefaultSchema?(): string | undefined},
): Promise<CatalogSnapshot> {
  const database = connector.getDefaultSchema?.();
  const [fields, indexes, keys] = await Promise.all([
    queryConnector<Row>(
      connector,
      `SELECT TABLE_NAME AS __table, COLUMN_NAME AS Field, COLUMN_TYPE AS Type,
              IS_NULLABLE AS \`Null\`, COLUMN_KEY AS \`Key\`, COLUMN_DEFAULT AS \`Default\`,
              EXTRA AS Extra, CHARACTER_SET_NAME AS __charset,
              COLLATION_NAME AS __collation, COLUMN_COMMENT AS __comment
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
        ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    ),
    queryConnector<Row>(connector, INDEXES_QUERY).then(rows =>
      rows.map(asShowIndexesRow),
    ),
    readForeignKeyCatalog(connector),
  ]);
  const {rules, discovered: foreignKeys} = keys;
  const fieldsByTable = groupRows(fields, r => String(r.__table));
  const indexesByTable = groupRows(indexes, r => String(r.Table));
  const rulesByTable = groupRows(rules, r => String(r.tableName));
  const fksByTable = groupRows(foreignKeys, r => String(r.fkTableName));
  const missing = (table: string) => ({
    error: Object.assign(
      withoutStack(
        () => new Error(`Table '${database}.${table}' doesn't exist`),
      ),
      {
        code: 'ER_NO_SUCH_TABLE',
        errno: NO_SUCH_TABLE,
        sqlState: '42S02',
      },
    ),
  });
  return {
    queries: 4,
    planReads: snapshotPlanReads(fields, indexes, rules),
    answer(sql) {
      let m = SHOW_FIELDS.exec(sql);
      if (m) {
        const table = m[1].replace(/``/g, '`');
        const rows = fieldsByTable.get(table);
        if (!rows) return missing(table);
        return {rows: withoutColumns(rows, BOOKKEEPING).map(fixDefault)};
      }
      m = SHOW_INDEXES.exec(sql);
      if (m) {
        const table = m[1].replace(/``/g, '`');
        if (!fieldsByTable.has(table)) return missing(table);
        return {rows: withoutColumns(indexesByTable.get(table), [])};
      }
      m = SHOW_CREATE.exec(sql);
      if (m) {
        const table = m[1].replace(/``/g, '`');
        if (!fieldsByTable.has(table)) return missing(table);
        return {
          rows: [
            {
              Table: table,
              'Create Table': createTableText(table, rulesByTable.get(table)),
            },
          ],
        };
      }
      m = FOREIGN_KEYS.exec(sql);
      if (m && (m[1] === undefined || unescape(m[1]) === database)) {
        return {rows: withoutColumns(fksByTable.get(unescape(m[2])), [])};
      }
      return undefined;
    },
  };
}

/** Columns of the snapshot's COLUMNS rows that `SHOW FIELDS` has not. */
const BOOKKEEPING = ['__table', '__charset', '__collation', '__comment'];

/**
 * `SHOW INDEXES` reads information_schema.STATISTICS; selecting `*` keeps
 * the columns this server has (MariaDB 10.6+ adds IGNORED) in one query.
 */
const INDEXES_QUERY = `SELECT * FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
  ORDER BY TABLE_NAME, INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX`;

/** STATISTICS column → `SHOW INDEXES` column, in `SHOW INDEXES` order. */
const SHOW_INDEXES_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['TABLE_NAME', 'Table'],
  ['NON_UNIQUE', 'Non_unique'],
  ['INDEX_NAME', 'Key_name'],
  ['SEQ_IN_INDEX', 'Seq_in_index'],
  ['COLUMN_NAME', 'Column_name'],
  ['COLLATION', 'Collation'],
  ['CARDINALITY', 'Cardinality'],
  ['SUB_PART', 'Sub_part'],
  ['PACKED', 'Packed'],
  ['NULLABLE', 'Null'],
  ['INDEX_TYPE', 'Index_type'],
  ['COMMENT', 'Comment'],
  ['INDEX_COMMENT', 'Index_comment'],
  ['IGNORED', 'Ignored'],
];

function asShowIndexesRow(row: Row): Row {
  const shown: Row = {};
  for (const [from, to] of SHOW_INDEXES_COLUMNS) {
    if (from in row) shown[to] = row[from];
  }
  return shown;
}

/**
 * `information_schema.COLUMNS` quotes string defaults and spells a missing
 * default `NULL` (MariaDB); `SHOW FIELDS` shows the bare value and SQL NULL.
 */
function fixDefault(row: Row): Row {
  const value = row.Default;
  if (value === 'NULL') return {...row, Default: null};
  if (typeof value === 'string' && /^'[\s\S]*'$/.test(value)) {
    return {
      ...row,
      Default: value.slice(1, -1).replace(/''/g, "'").replace(/\\\\/g, '\\'),
    };
  }
  return row;
}

/**
 * The part of `SHOW CREATE TABLE` the connector reads: one CONSTRAINT line
 * per foreign key, with its rules (the server leaves RESTRICT, the default,
 * out).
 */
function createTableText(
  table: string,
  rules: readonly Row[] | undefined,
): string {
  const byName = groupRows(rules ?? [], r => String(r.name));
  const lines = [...byName.values()].map(cols => {
    const first = cols[0];
    const quoted = (names: unknown[]) =>
      names.map(n => `\`${String(n)}\``).join(', ');
    const rule = (kind: string, value: unknown) =>
      value && value !== 'RESTRICT' ? ` ON ${kind} ${String(value)}` : '';
    return (
      `  CONSTRAINT \`${String(first.name)}\` FOREIGN KEY (${quoted(cols.map(c => c.column))})` +
      ` REFERENCES \`${String(first.target)}\` (${quoted(cols.map(c => c.targetColumn))})` +
      rule('DELETE', first.onDelete) +
      rule('UPDATE', first.onUpdate)
    );
  });
  return `CREATE TABLE \`${table}\` (\n${lines.join(',\n')}\n)`;
}

function unescape(literal: string): string {
  return literal.replace(/\\(.)/g, '$1').replace(/''/g, "'");
}

/**
 * An error made without capturing a stack trace: the stand-in of the
 * server's answer for a missing table, made for every table of a fresh
 * create (the connector reads only its code), where capturing one is most
 * of its cost.
 */
function withoutStack(make: () => Error): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
