import {
  IDENTIFIER,
  identifierParts,
  unquote,
  type StatementClauses,
} from '../../planner/statement-clauses';
import type {JugglerConnector} from '../../juggler';
import type {PlanCache} from '../dialect';
import {pgColumnTypes} from './catalog';
import {foldPg} from './fold';

const ADD_COLUMN = new RegExp(`^ADD\\s+COLUMN\\s+(${IDENTIFIER})\\s`, 'i');

/**
 * Take out `ADD COLUMN c` where the table already has column `c`. The
 * connector looks a property's column up by passing the column name where
 * it takes a property name: a `columnName` with upper-case letters that is
 * not also the property's name (`userId` as `UserId`) is lower-cased and
 * never found, so every run adds the column again and fails with "already
 * exists". Its type and nullability are still compared (by property). The
 * table's columns come from the plan's catalog snapshot when `cache` holds
 * it.
 */
export async function dropAddsOfExistingColumns(
  connector: JugglerConnector,
  clauses: StatementClauses,
  cache?: PlanCache,
): Promise<void> {
  for (const clause of clauses.remaining()) {
    const match = ADD_COLUMN.exec(clause.text.trim());
    if (!match || !clause.table) continue;
    const parts = identifierParts(clause.table, foldPg);
    const table = parts[parts.length - 1];
    const schema = parts.length > 1 ? parts[0] : 'public';
    const column = unquote(match[1], foldPg);
    const found = await pgColumnTypes(connector, [schema], [column], cache);
    if (found.some(c => c.table === table)) clauses.remove(clause);
  }
}
