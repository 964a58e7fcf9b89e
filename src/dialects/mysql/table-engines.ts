import {queryConnector, type JugglerConnector} from '../../juggler';

/** The storage engine whose ALTER TABLE has online forms (INSTANT, INPLACE). */
export const ONLINE_ENGINE = 'InnoDB';

/**
 * Why a change of each of `tables` (of the current database, by lower-cased
 * name) has no online form, for those that have none; one query:
 *
 * - a storage engine other than InnoDB (MyISAM, Aria, MEMORY...) makes
 *   every ALTER TABLE by copying the table, and refuses `ALGORITHM=INSTANT`,
 *   `ALGORITHM=INPLACE` and `LOCK=NONE`;
 * - an InnoDB table with a UNIQUE key longer than the longest index key
 *   (MariaDB keeps it as a hash of the values in a hidden column, `USING
 *   HASH`) refuses any algorithm but COPY for any change ("INPLACE ADD or
 *   DROP of virtual columns cannot be combined with other ALTER TABLE
 *   actions").
 */
export async function readCopyOnlyTables(
  connector: JugglerConnector,
  tables: readonly string[],
): Promise<Map<string, string>> {
  if (tables.length === 0) return new Map();
  const rows = await queryConnector<{
    tableName: string;
    engine: string | null;
    hashKey: string | null;
  }>(
    connector,
    // Every information_schema view is filtered by constants of its own
    // (DATABASE(), the tables' names): a subquery correlated on the outer
    // row's TABLE_SCHEMA alone reads every table of every database of the
    // server, once per row.
    `SELECT t.TABLE_NAME AS tableName, t.ENGINE AS engine,
            (SELECT s.INDEX_NAME FROM information_schema.STATISTICS s
              WHERE s.TABLE_SCHEMA = DATABASE() AND s.TABLE_NAME IN (?)
                AND s.TABLE_NAME = t.TABLE_NAME
                AND s.INDEX_TYPE = 'HASH' AND s.NON_UNIQUE = 0
              ORDER BY s.INDEX_NAME LIMIT 1) AS hashKey
       FROM information_schema.TABLES t
      WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME IN (?)`,
    [[...new Set(tables)], [...new Set(tables)]],
  );
  const copyOnly = new Map<string, string>();
  for (const row of rows) {
    const why =
      row.engine !== null && row.engine.toLowerCase() !== 'innodb'
        ? `the table's storage engine ${row.engine} changes a table by copying it ` +
          `(online DDL is ${ONLINE_ENGINE}'s)`
        : row.hashKey !== null
          ? `the table's UNIQUE key \`${row.hashKey}\` is longer than an index key ` +
            '(a hash of the values in a hidden column), so the server changes the table only by copying it'
          : undefined;
    if (why) copyOnly.set(row.tableName.toLowerCase(), why);
  }
  return copyOnly;
}
