import {queryConnector, type JugglerConnector} from '../../juggler';
import {typeOf} from '../../planner/alter-clauses';
import {StatementClauses} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {changedColumns} from './changed-columns';
import {cached} from './no-ops';
import {canonicalMysqlType} from './types';

/** Types that have a character set. */
const TEXT_TYPE =
  /^(char|varchar|tinytext|text|mediumtext|longtext|enum|set)\b/;

/** A character set or collation clause of a column definition. */
const CHARSET_CLAUSE = /\b(?:CHARACTER\s+SET|CHARSET|COLLATE)\b/i;

/**
 * Keep the character set and collation of a text column that a `CHANGE
 * COLUMN` restates where the model declares neither (the property's own
 * `charset` / `collation`, which the connector writes). `CHANGE COLUMN`
 * replaces the whole definition, so a column made without LoopBack in a
 * character set other than its table's (a `utf8mb4` column of a `latin1`
 * table, which `lb4 discover` does not describe) was converted to the
 * table's when the model only widened it: in silence where every stored
 * value fits, the column then refusing what it held before (an emoji);
 * else refused as a change "that cannot convert" those values. Kept where
 * the column stays a text type and its collation is not its table's.
 */
export async function withKeptCharsets(
  connector: JugglerConnector,
  statements: readonly string[],
  cache: PlanCache,
): Promise<string[]> {
  const clauses = new StatementClauses(statements);
  for await (const {clause, match, table, current: column} of changedColumns(
    connector,
    clauses,
    cache,
  )) {
    if (CHARSET_CLAUSE.test(match[3])) continue;
    const type = typeOf(match[3]);
    if (!TEXT_TYPE.test(canonicalMysqlType(type))) continue;
    if (!column?.charset || !column.collation) continue;
    const tableCollation = (await tableCollations(connector, cache)).get(table);
    if (column.collation === tableCollation) continue;
    const rest = match[3].trim().slice(type.length);
    clauses.restate(
      clause,
      `CHANGE COLUMN ${match[1]} ${match[2]} ${type} CHARACTER SET ` +
        `${column.charset} COLLATE ${column.collation}${rest}`,
    );
  }
  return clauses.statements();
}

/** The default collation of each table of the database, read once a plan. */
function tableCollations(
  connector: JugglerConnector,
  cache: PlanCache,
): Promise<Map<string, string | null>> {
  return cached(cache, 'mysql:table-collations', async () => {
    const rows = await queryConnector<{
      table: string;
      collation: string | null;
    }>(
      connector,
      `SELECT TABLE_NAME AS \`table\`, TABLE_COLLATION AS collation
         FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()`,
    );
    return new Map(rows.map(r => [r.table, r.collation]));
  });
}
