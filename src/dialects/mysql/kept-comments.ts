import {queryConnector, type JugglerConnector} from '../../juggler';
import {withoutQuotedText} from '../../planner/alter-clauses';
import {StatementClauses, unquote} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {cached, CHANGE_COLUMN} from './no-ops';
import {literal} from './quote';

/** A `COMMENT` clause (looked for outside quoted text). */
const COMMENT_CLAUSE = /\bCOMMENT\b/i;

/**
 * Keep the comment of a column that a `CHANGE COLUMN` restates (renamed in
 * letter case only, retyped, made required...). `CHANGE COLUMN` replaces
 * the whole definition and the connector never writes a comment (a model
 * cannot declare one): a comment set by hand or by another tool was
 * dropped without the plan saying so. Runs after the no-op check, which
 * reads definitions without comments.
 */
export async function withKeptComments(
  connector: JugglerConnector,
  statements: readonly string[],
  cache: PlanCache,
): Promise<string[]> {
  const clauses = new StatementClauses(statements);
  for (const clause of clauses.remaining()) {
    const match = CHANGE_COLUMN.exec(clause.text);
    if (
      !match ||
      !clause.table ||
      COMMENT_CLAUSE.test(withoutQuotedText(match[3]))
    ) {
      continue;
    }
    const comments = await columnComments(connector, cache);
    const comment = comments.get(key(unquote(clause.table), unquote(match[1])));
    if (comment) {
      clauses.restate(clause, `${clause.text} COMMENT ${literal(comment)}`);
    }
  }
  return clauses.statements();
}

/** MySQL compares column names without case. */
const key = (table: string, column: string) =>
  JSON.stringify([table, column.toLowerCase()]);

/** The columns of the database that have a comment, read once a plan. */
function columnComments(
  connector: JugglerConnector,
  cache: PlanCache,
): Promise<Map<string, string>> {
  return cached(cache, 'mysql:column-comments', async () => {
    const rows = await queryConnector<{
      table: string;
      name: string;
      comment: string;
    }>(
      connector,
      `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS name, COLUMN_COMMENT AS comment
         FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_COMMENT <> ''`,
    );
    return new Map(rows.map(r => [key(r.table, r.name), r.comment]));
  });
}
