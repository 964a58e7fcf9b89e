import {queryConnector, type JugglerConnector} from '../../juggler';
import {groupRows} from '../../planner/snapshot';

type Row = Record<string, unknown>;

/**
 * Every foreign key of the current database, one row per column, with its
 * rules: `tableName`, `name`, `target`, `onDelete`, `onUpdate`, `column`,
 * `targetColumn`, ordered by table, constraint and column position.
 *
 * Two queries joined here: MariaDB joins REFERENTIAL_CONSTRAINTS with
 * KEY_COLUMN_USAGE in seconds at 1000 tables (each read alone takes tens
 * of milliseconds).
 */
export async function readForeignKeyRules(
  connector: JugglerConnector,
): Promise<Row[]> {
  const [rules, columns] = await Promise.all([
    queryConnector<Row>(
      connector,
      `SELECT TABLE_NAME AS tableName, CONSTRAINT_NAME AS name,
              REFERENCED_TABLE_NAME AS target, DELETE_RULE AS onDelete,
              UPDATE_RULE AS onUpdate
         FROM information_schema.REFERENTIAL_CONSTRAINTS
        WHERE CONSTRAINT_SCHEMA = DATABASE()
        ORDER BY TABLE_NAME, CONSTRAINT_NAME`,
    ),
    queryConnector<Row>(
      connector,
      `SELECT TABLE_NAME AS tableName, CONSTRAINT_NAME AS name,
              COLUMN_NAME AS \`column\`, REFERENCED_COLUMN_NAME AS targetColumn
         FROM information_schema.KEY_COLUMN_USAGE
        WHERE CONSTRAINT_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
        ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
    ),
  ]);
  const key = (row: Row) => JSON.stringify([row.tableName, row.name]);
  const columnsOf = groupRows(columns, key);
  return rules.flatMap(rule =>
    (columnsOf.get(key(rule)) ?? []).map(column => ({
      ...rule,
      column: column.column,
      targetColumn: column.targetColumn,
    })),
  );
}
