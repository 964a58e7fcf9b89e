import {
  IDENTIFIER,
  identifierParts,
  unquote,
  type StatementClauses,
} from '../../planner/statement-clauses';
import type {JugglerConnector} from '../../juggler';
import type {PlanCache} from '../dialect';
import {foldPg} from './fold';
import {pgColumnTypeIds} from './settled-types';

const DROP_NOT_NULL = new RegExp(
  `^ALTER\\s+COLUMN\\s+(${IDENTIFIER})\\s+DROP\\s+NOT\\s+NULL$`,
  'i',
);

/**
 * Take out `ALTER COLUMN c DROP NOT NULL` where column `c` has no NOT NULL
 * of its own: its type is a domain declared NOT NULL, which the connector
 * reads as the column's (`information_schema.columns.is_nullable`), and
 * for an optional property it plans the drop on every run, which changes
 * nothing (the domain keeps refusing NULL). The columns come from the
 * plan's catalog snapshot when `cache` holds it.
 */
export async function dropSettledNullability(
  connector: JugglerConnector,
  clauses: StatementClauses,
  cache: PlanCache = new Map(),
): Promise<void> {
  for (const clause of clauses.remaining()) {
    const match = DROP_NOT_NULL.exec(clause.text);
    if (!match || !clause.table) continue;
    const parts = identifierParts(clause.table, foldPg);
    const schema = parts.length > 1 ? parts[0] : 'public';
    const table = parts[parts.length - 1];
    const column = unquote(match[1], foldPg);
    const current = (
      await pgColumnTypeIds(connector, schema, table, cache)
    ).find(c => c.column === column);
    if (current && !current.notNull) clauses.remove(clause);
  }
}
