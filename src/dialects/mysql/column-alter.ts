import {splitClauses} from '../../planner/statement-clauses';
import {splitStatements} from '../sql-split';

/** A clause that changes, adds or drops a column (not an index or a key). */
const COLUMN_CLAUSE = /^\s*(?:(?:CHANGE|MODIFY)\b|(?:ADD|DROP)\s+COLUMN\b)/i;

/**
 * The statements with `clauses` (column changes of the table `escaped`)
 * added: to the connector's own `ALTER TABLE` of that table's columns where
 * there is one, so that the server copies the table once for all of them,
 * else as an `ALTER TABLE` of their own, after the others. An `ALTER TABLE`
 * that also adds or drops an index or a key is left as it is.
 */
export function withColumnClauses(
  statements: readonly string[],
  escaped: string,
  clauses: readonly string[],
): string[] {
  if (clauses.length === 0) return [...statements];
  const head = `ALTER TABLE ${escaped} `;
  const at = statements.findIndex(
    s =>
      s.startsWith(head) &&
      splitClauses(s.slice(head.length)).every(c => COLUMN_CLAUSE.test(c)),
  );
  // Split as the connector's own text is: a setting pasted into it (a
  // `mysql.default` holding `";`) must not hide another statement.
  if (at === -1) {
    return [
      ...statements,
      ...splitStatements(`${head}${clauses.join(', ')}`, 'mysql'),
    ];
  }
  return [
    ...statements.slice(0, at),
    ...splitStatements(`${statements[at]}, ${clauses.join(', ')}`, 'mysql'),
    ...statements.slice(at + 1),
  ];
}
