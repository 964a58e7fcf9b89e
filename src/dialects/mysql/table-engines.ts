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
  const names = [...new Set(tables)];
  // Each information_schema view read once, filtered by constants of its
  // own (DATABASE(), the names): a subquery correlated on the outer row's
  // TABLE_SCHEMA reads every table of every database of the server, once
  // per row.
  const rows = await queryConnector<{
    tableName: string;
    engine: string | null;
    hashKey: string | null;
  }>(
    connector,
    `SELECT TABLE_NAME AS tableName, ENGINE AS engine, NULL AS hashKey
       FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)
     UNION ALL
     SELECT TABLE_NAME, NULL, INDEX_NAME
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)
        AND INDEX_TYPE = 'HASH' AND NON_UNIQUE = 0`,
    [names, names],
  );
  // The first long UNIQUE key of each table, by name.
  const hashKeys = new Map<string, string>();
  for (const {tableName, hashKey} of rows) {
    if (hashKey === null) continue;
    const table = tableName.toLowerCase();
    const first = hashKeys.get(table);
    if (first === undefined || hashKey.toLowerCase() < first.toLowerCase()) {
      hashKeys.set(table, hashKey);
    }
  }
  const copyOnly = new Map<string, string>();
  for (const row of rows) {
    if (row.hashKey !== null) continue;
    const hashKey = hashKeys.get(row.tableName.toLowerCase());
    const why =
      row.engine !== null && row.engine.toLowerCase() !== 'innodb'
        ? `the table's storage engine ${row.engine} changes a table by copying it ` +
          `(online DDL is ${ONLINE_ENGINE}'s)`
        : hashKey !== undefined
          ? `the table's UNIQUE key \`${hashKey}\` is longer than an index key ` +
            '(a hash of the values in a hidden column), so the server changes the table only by copying it'
          : undefined;
    if (why) copyOnly.set(row.tableName.toLowerCase(), why);
  }
  return copyOnly;
}
