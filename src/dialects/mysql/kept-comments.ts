import type {JugglerConnector} from '../../juggler';
import {withoutQuotedText} from '../../planner/alter-clauses';
import {StatementClauses} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {changedColumns} from './changed-columns';
import {literal} from './quote';

/** A `COMMENT` clause (looked for outside quoted text). */
const COMMENT_CLAUSE = /\bCOMMENT\b/i;

/**
 * Keep the comment of a column that a `CHANGE COLUMN` restates (renamed in
 * letter case only, retyped, made required...). `CHANGE COLUMN` replaces
 * the whole definition and the connector never writes a comment (a model
 * cannot declare one): a comment set by hand or by another tool was
 * dropped without the plan saying so. Runs after the no-op check, which
 * reads definitions without comments. The comment is the plan's column
 * read's (`CatalogColumn.comment`).
 */
export async function withKeptComments(
  connector: JugglerConnector,
  statements: readonly string[],
  cache: PlanCache,
): Promise<string[]> {
  const clauses = new StatementClauses(statements);
  for await (const {clause, match, current} of changedColumns(
    connector,
    clauses,
    cache,
  )) {
    if (!current?.comment || COMMENT_CLAUSE.test(withoutQuotedText(match[3])))
      continue;
    clauses.restate(
      clause,
      `${clause.text} COMMENT ${literal(current.comment)}`,
    );
  }
  return clauses.statements();
}
