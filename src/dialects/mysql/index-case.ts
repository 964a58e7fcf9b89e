import type {JugglerConnector} from '../../juggler';
import {
  IDENTIFIER,
  StatementClauses,
  unquote,
} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {indexIsUnique, tableIndexColumns} from './key-indexes';

const DROP_INDEX = new RegExp(`^DROP\\s+INDEX\\s+(${IDENTIFIER})$`, 'i');
/** `ADD [UNIQUE] INDEX name (keys)`, keys plain or quoted names only. */
const ADD_INDEX = new RegExp(
  `^ADD\\s+(UNIQUE\\s+)?INDEX\\s+(${IDENTIFIER})\\s*\\(\\s*(${IDENTIFIER}(?:\\s*,\\s*${IDENTIFIER})*)\\s*\\)$`,
  'i',
);
const KEY = new RegExp(IDENTIFIER, 'g');

/**
 * Take out each `DROP INDEX x` + `ADD INDEX x (keys)` pair of a table whose
 * index `x` already is what the ADD makes but for the case of its keys'
 * names (the same columns in the same order, the same uniqueness). The
 * connector compares an index's keys with the catalog's column names
 * case-sensitively, while MySQL's column names are not: a key spelled
 * `code` on a column `Code` (a `columnName`, or `keys: {CODE: 1}`) made
 * every run drop and make the index again.
 */
export async function withoutIndexCaseChanges(
  connector: JugglerConnector,
  statements: readonly string[],
  cache: PlanCache,
): Promise<string[]> {
  const clauses = new StatementClauses(statements);
  const remaining = clauses.remaining();
  for (const drop of remaining) {
    const dropped = DROP_INDEX.exec(drop.text.trim());
    if (!dropped || !drop.table) continue;
    const index = unquote(dropped[1]);
    const add = remaining.find(clause => {
      const added = ADD_INDEX.exec(clause.text.trim());
      return (
        clause.table === drop.table &&
        added !== null &&
        unquote(added[2]) === index
      );
    });
    const added = add && ADD_INDEX.exec(add.text.trim());
    if (!add || !added) continue;
    const table = unquote(drop.table);
    const keys = (added[3].match(KEY) ?? []).map(k => unquote(k));
    const columns = (await tableIndexColumns(connector, table, cache)).get(
      index,
    );
    const unique = await indexIsUnique(connector, table, index, cache);
    if (
      columns?.length === keys.length &&
      columns.every((c, at) => c.toLowerCase() === keys[at].toLowerCase()) &&
      unique === Boolean(added[1])
    ) {
      clauses.remove(drop);
      clauses.remove(add);
    }
  }
  return clauses.statements();
}
