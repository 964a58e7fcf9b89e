import {queryConnector, type JugglerConnector} from '../../juggler';
import type {OnlineRule} from './online-ddl';

/**
 * The FULLTEXT index of each of `tables` that has one (of the current
 * database, by lower-cased name; the first by name); one query.
 */
export async function readFulltextTables(
  connector: JugglerConnector,
  tables: readonly string[],
): Promise<Map<string, string>> {
  if (tables.length === 0) return new Map();
  const rows = await queryConnector<{tableName: string; index: string}>(
    connector,
    `SELECT TABLE_NAME AS tableName, MIN(INDEX_NAME) AS \`index\`
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?) AND INDEX_TYPE = 'FULLTEXT'
      GROUP BY TABLE_NAME`,
    [[...new Set(tables)]],
  );
  return new Map(rows.map(r => [r.tableName.toLowerCase(), r.index]));
}

/**
 * A column change of an InnoDB table with a FULLTEXT index (`index`): the
 * server neither adds nor drops a column INSTANT there (the index keeps a
 * hidden document id), and rebuilds the table only under `LOCK=SHARED`,
 * which blocks writes ("LOCK=NONE is not supported. Reason: Fulltext index
 * creation requires a lock"): adding or dropping a column, or a change that
 * rebuilds (NULL ↔ NOT NULL), has no online form. Other changes keep their
 * rule.
 */
export function fulltextTableRule(
  rule: OnlineRule,
  addsOrDropsColumn: boolean,
  index: string,
): OnlineRule {
  if (rule.algorithm === 'COPY' || (!addsOrDropsColumn && !rule.rebuilds)) {
    return rule;
  }
  return {
    algorithm: 'COPY',
    why:
      `the table's FULLTEXT index \`${index}\` makes the server rebuild it with ` +
      'writes blocked (LOCK=SHARED) to add or drop a column or change its nullability',
  };
}
