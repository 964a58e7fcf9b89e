import type {JugglerConnector} from '../../juggler';
import {
  unquote,
  type Clause,
  type StatementClauses,
} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {CHANGE_COLUMN, tableColumns} from './no-ops';
import type {CatalogColumn} from './plan-reads';

/** A `CHANGE COLUMN` clause of a plan, and its column as the table has it now. */
export interface ChangedColumn {
  readonly clause: Clause;
  /** {@link CHANGE_COLUMN}'s match: the old name, the new name, the definition. */
  readonly match: RegExpExecArray;
  /** The table, unquoted. */
  readonly table: string;
  /** The column of the old name; `undefined` when the table has none. */
  readonly current?: CatalogColumn;
}

/**
 * Each `CHANGE COLUMN` clause of `clauses` that names its table, with the
 * column it restates as the catalog has it (read once per table a plan):
 * the clauses a rule that keeps a column's attributes looks at. The rule
 * may restate the clause it is given.
 */
export async function* changedColumns(
  connector: JugglerConnector,
  clauses: StatementClauses,
  cache: PlanCache,
): AsyncGenerator<ChangedColumn> {
  for (const clause of clauses.remaining()) {
    const match = CHANGE_COLUMN.exec(clause.text);
    if (!match || !clause.table) continue;
    const table = unquote(clause.table);
    const current = (await tableColumns(connector, table, cache)).find(
      c => c.name === unquote(match[1]),
    );
    yield {clause, match, table, current};
  }
}
