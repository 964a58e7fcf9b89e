import {queryConnector, type JugglerConnector} from '../../juggler';
import type {OnlineRule} from './online-ddl';

/** The storage engine whose ALTER TABLE has online forms (INSTANT, INPLACE). */
export const ONLINE_ENGINE = 'InnoDB';

/** What the tables of a plan allow of online DDL. */
export interface TableForms {
  /** Why a change of the table has no online form, by lower-cased name. */
  readonly copyOnly: ReadonlyMap<string, string>;
  /** The tables of `ROW_FORMAT=COMPRESSED`, by lower-cased name. */
  readonly compressed: ReadonlySet<string>;
}

/**
 * Why a change of each of `tables` (of the current database, by lower-cased
 * name) has no online form, for those that have none, and which are
 * compressed (`compressedTableRule`); one query:
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
export async function readTableForms(
  connector: JugglerConnector,
  tables: readonly string[],
): Promise<TableForms> {
  if (tables.length === 0) return {copyOnly: new Map(), compressed: new Set()};
  const names = [...new Set(tables)];
  // Each information_schema view read once, filtered by constants of its
  // own (DATABASE(), the names): a subquery correlated on the outer row's
  // TABLE_SCHEMA reads every table of every database of the server, once
  // per row.
  const rows = await queryConnector<{
    tableName: string;
    engine: string | null;
    rowFormat: string | null;
    hashKey: string | null;
  }>(
    connector,
    `SELECT TABLE_NAME AS tableName, ENGINE AS engine, ROW_FORMAT AS rowFormat,
            NULL AS hashKey
       FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)
     UNION ALL
     SELECT TABLE_NAME, NULL, NULL, INDEX_NAME
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
  const compressed = new Set(
    rows
      .filter(r => r.rowFormat?.toLowerCase() === 'compressed')
      .map(r => r.tableName.toLowerCase()),
  );
  return {copyOnly, compressed};
}

/**
 * A column added or dropped in a table of `ROW_FORMAT=COMPRESSED`: InnoDB
 * does neither INSTANT there ("ALGORITHM=INSTANT is not supported for this
 * operation"), but rebuilds the table in place, reads and writes going on.
 * Other changes keep their rule (checked on MariaDB 10.11: a default, a
 * longer VARCHAR, a rename, a foreign key's drop stay INSTANT).
 */
export function compressedTableRule(rule: OnlineRule): OnlineRule {
  return rule.algorithm === 'INSTANT'
    ? {algorithm: 'INPLACE', rebuilds: true}
    : rule;
}
