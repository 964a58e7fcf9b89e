import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  IDENTIFIER,
  StatementClauses,
  unquote,
} from '../../planner/statement-clauses';
import {describeTable, type TableRef} from '../dialect';
import {quote} from './quote';

/** A `CHANGE` or `MODIFY` of a column that makes it `AUTO_INCREMENT`. */
const AUTO_INCREMENT_CLAUSE = new RegExp(
  `^\\s*(?:CHANGE\\s+(?:COLUMN\\s+)?(${IDENTIFIER})\\s+${IDENTIFIER}|` +
    `MODIFY\\s+(?:COLUMN\\s+)?(${IDENTIFIER}))\\s[\\s\\S]*\\bAUTO_INCREMENT\\b`,
  'i',
);

/**
 * Why a statement that makes a column `AUTO_INCREMENT` (see
 * `withAutoIncrementOnId`) fails: rows hold 0 in it, which the server
 * renumbers as it copies the table ("ALTER TABLE causes auto_increment
 * resequencing, resulting in duplicate entry"), or gives a new id in
 * silence where no other row holds that one. A column already
 * `AUTO_INCREMENT` is not judged.
 */
export async function zeroedAutoIncrement(
  connector: JugglerConnector,
  table: TableRef,
  sql: string,
): Promise<string | undefined> {
  for (const clause of new StatementClauses([sql]).all()) {
    const match = AUTO_INCREMENT_CLAUSE.exec(clause.text);
    if (!match) continue;
    const column = unquote(match[1] ?? match[2]);
    const [row] = await queryConnector<{extra: string; zeros: unknown}>(
      connector,
      `SELECT c.EXTRA AS extra,
              (SELECT COUNT(*) FROM ${quote(table.name)} WHERE ${quote(column)} = 0) AS zeros
         FROM information_schema.COLUMNS c
        WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME = ? AND c.COLUMN_NAME = ?`,
      [table.name, column],
    );
    const zeros = Number(row?.zeros ?? 0);
    if (!row || /\bauto_increment\b/i.test(row.extra) || zeros === 0) continue;
    return (
      `column "${column}" of ${describeTable(table)} becomes AUTO_INCREMENT and ` +
      `${zeros === 1 ? '1 row holds' : `${zeros} rows hold`} 0 in it, which ` +
      'the server renumbers as it adds AUTO_INCREMENT (refused when the new ' +
      'number is taken, else a new id in silence). Give those rows another ' +
      `${column} first (an UPDATE, or a migration script with runs = ` +
      "'before-schema'), then run again"
    );
  }
  return undefined;
}
