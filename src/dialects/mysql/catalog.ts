import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  escapeName,
  qualifiedName,
  type ColumnType,
  type ForeignKeyColumn,
  type PlanCache,
  type TableRef,
} from '../dialect';
import {COLUMNS_READ, type CatalogColumn} from './plan-reads';

/**
 * The columns named `names` of the current database's tables, with their
 * types: from the plan's catalog snapshot when `cache` holds it.
 */
export async function mysqlColumnTypes(
  connector: JugglerConnector,
  _schemas: readonly string[],
  names: readonly string[],
  cache?: PlanCache,
): Promise<ColumnType[]> {
  const read = cache?.get(COLUMNS_READ);
  if (read) {
    const wanted = new Set(names.map(n => n.toLowerCase()));
    const byTable = (await read) as Map<string, CatalogColumn[]>;
    return [...byTable].flatMap(([table, columns]) =>
      columns
        .filter(c => wanted.has(c.name.toLowerCase()))
        .map(c => ({
          schema: '',
          table,
          column: c.name,
          type: c.type,
          hasDefault: hasDefault(c.default, c.extra),
        })),
    );
  }
  type Row = Omit<ColumnType, 'hasDefault'> & {
    readonly default: string | null;
    readonly extra: string | null;
  };
  const rows = await queryConnector<Row>(
    connector,
    `SELECT '' AS \`schema\`, TABLE_NAME AS \`table\`,
            COLUMN_NAME AS \`column\`, COLUMN_TYPE AS \`type\`,
            COLUMN_DEFAULT AS \`default\`, EXTRA AS extra
       FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME IN (?)`,
    [names],
  );
  return rows.map(({default: value, extra, ...column}) => ({
    ...column,
    hasDefault: hasDefault(value, extra),
  }));
}

/**
 * Whether a column of information_schema.COLUMNS gets a value when an
 * insert leaves it out: a default (MariaDB spells a missing one `NULL`, or
 * SQL NULL for a NOT NULL column) or AUTO_INCREMENT.
 */
function hasDefault(value: string | null, extra: string | null): boolean {
  return (
    (value !== null && value !== 'NULL') || /auto_increment/i.test(extra ?? '')
  );
}

/**
 * Every foreign key column pair of the current database, with both types
 * (a key to a table of another database is left out: the plans' tables are
 * the current database's).
 */
export function mysqlForeignKeyColumns(
  connector: JugglerConnector,
): Promise<ForeignKeyColumn[]> {
  return queryConnector<ForeignKeyColumn>(
    connector,
    // Each information_schema view is filtered by constants of its own
    // (DATABASE(), names), joined on names only: a view joined on another's
    // TABLE_SCHEMA is read for every database of the server.
    `SELECT k.CONSTRAINT_NAME AS name, '' AS \`schema\`, k.TABLE_NAME AS \`table\`,
            k.COLUMN_NAME AS \`column\`, c.COLUMN_TYPE AS type,
            '' AS targetSchema, k.REFERENCED_TABLE_NAME AS targetTable,
            k.REFERENCED_COLUMN_NAME AS targetColumn, t.COLUMN_TYPE AS targetType
       FROM information_schema.KEY_COLUMN_USAGE k
       JOIN information_schema.COLUMNS c
         ON c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME = k.TABLE_NAME
        AND c.COLUMN_NAME = k.COLUMN_NAME
       JOIN information_schema.COLUMNS t
         ON t.TABLE_SCHEMA = DATABASE()
        AND t.TABLE_NAME = k.REFERENCED_TABLE_NAME
        AND t.COLUMN_NAME = k.REFERENCED_COLUMN_NAME
      WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_SCHEMA = DATABASE()
        AND k.REFERENCED_TABLE_NAME IS NOT NULL`,
  );
}

/** `ALTER TABLE ... MODIFY ... NOT NULL`. */
export function mysqlAlterColumnTypeSql(
  connector: JugglerConnector,
  table: TableRef,
  column: string,
  type: string,
): string {
  return `ALTER TABLE ${qualifiedName(connector, table)} MODIFY ${escapeName(connector, column)} ${type} NOT NULL`;
}
