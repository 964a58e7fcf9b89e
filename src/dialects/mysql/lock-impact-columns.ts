import {queryConnector, type JugglerConnector} from '../../juggler';
import {charsetName, type MysqlColumnNow} from './online-ddl';

/** A column a planned statement changes, by its table's name. */
export interface NamedColumn {
  readonly table: string;
  readonly column: string;
}

/** The key of a column in {@link readChangedColumns}' map. */
export const columnKey = (table: string, column: string) =>
  `${table}\u0000${column}`;

/** One line of the read: a column, its table, or one of its index entries. */
interface Line {
  readonly kind: 'column' | 'table' | 'index';
  readonly tableName: string;
  readonly columnName: string | null;
  readonly type: string | null;
  readonly nullable: string | null;
  readonly bytesPerChar: number | null;
  readonly extra: string | null;
  readonly charset: string | null;
  readonly collation: string | null;
  readonly charsetDefaultCollation: string | null;
  readonly nonUnique: number | string | null;
}

/**
 * The columns `named` as they are now, with their table's collation and
 * whether an index (a unique one) holds them, keyed by {@link columnKey}
 * (the catalog's spelling). One query, three views read once each: every
 * view is filtered by constants of its own (DATABASE(), the names), as a
 * view joined or correlated on another's TABLE_SCHEMA is read for every
 * database of the server (in a subquery, once per row); the lines are put
 * together here, names compared without case as the server compares them.
 */
export async function readChangedColumns(
  connector: JugglerConnector,
  named: readonly NamedColumn[],
): Promise<Map<string, MysqlColumnNow>> {
  const tables = [...new Set(named.map(n => n.table))];
  const columns = [...new Set(named.map(n => n.column))];
  const lines = await queryConnector<Line>(
    connector,
    `SELECT 'column' AS kind, c.TABLE_NAME AS tableName, c.COLUMN_NAME AS columnName,
            c.COLUMN_TYPE AS type, c.IS_NULLABLE AS nullable, cs.MAXLEN AS bytesPerChar,
            c.EXTRA AS extra, c.CHARACTER_SET_NAME AS charset, c.COLLATION_NAME AS collation,
            cs.DEFAULT_COLLATE_NAME AS charsetDefaultCollation, NULL AS nonUnique
       FROM information_schema.COLUMNS c
       LEFT JOIN information_schema.CHARACTER_SETS cs ON cs.CHARACTER_SET_NAME = c.CHARACTER_SET_NAME
      WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME IN (?) AND c.COLUMN_NAME IN (?)
     UNION ALL
     SELECT 'table', TABLE_NAME, NULL, NULL, NULL, NULL, NULL, NULL, TABLE_COLLATION, NULL, NULL
       FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)
     UNION ALL
     SELECT 'index', TABLE_NAME, COLUMN_NAME, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NON_UNIQUE
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?) AND COLUMN_NAME IN (?)`,
    [tables, columns, tables, tables, columns],
  );
  const folded = (table: string, column = '') =>
    columnKey(table.toLowerCase(), column.toLowerCase());
  const tableCollations = new Map<string, string>();
  const indexed = new Set<string>();
  const unique = new Set<string>();
  for (const line of lines) {
    if (line.kind === 'table' && line.collation !== null) {
      tableCollations.set(folded(line.tableName), line.collation);
    } else if (line.kind === 'index') {
      const at = folded(line.tableName, line.columnName ?? '');
      indexed.add(at);
      if (Number(line.nonUnique) === 0) unique.add(at);
    }
  }
  return new Map(
    lines
      .filter(line => line.kind === 'column')
      .map(line => {
        const column = line.columnName ?? '';
        const at = folded(line.tableName, column);
        const tableCollation = tableCollations.get(folded(line.tableName));
        const now: MysqlColumnNow = {
          type: line.type ?? '',
          nullable: line.nullable === 'YES',
          ...(line.bytesPerChar !== null && {
            bytesPerChar: Number(line.bytesPerChar),
          }),
          ...(line.charset !== null &&
            line.collation !== null && {
              charset: charsetName(line.charset),
              collation: line.collation.toLowerCase(),
            }),
          ...(line.charsetDefaultCollation !== null && {
            charsetDefaultCollation: line.charsetDefaultCollation.toLowerCase(),
          }),
          ...(tableCollation !== undefined && {
            tableCollation: tableCollation.toLowerCase(),
          }),
          indexed: indexed.has(at),
          unique: unique.has(at),
          ...(/\bVIRTUAL GENERATED\b/i.test(line.extra ?? '') && {
            virtual: true,
          }),
          ...(/\bauto_increment\b/i.test(line.extra ?? '') && {
            autoIncrement: true,
          }),
        };
        return [columnKey(line.tableName, column), now] as const;
      }),
  );
}
