import {
  IDENTIFIER,
  StatementClauses,
  unquote,
} from '../../planner/statement-clauses';

const ADD_COLUMN = new RegExp(
  `^ADD\\s+COLUMN\\s+(${IDENTIFIER})\\s+([\\s\\S]+)$`,
  'i',
);
const DROP_COLUMN = new RegExp(`^DROP\\s+COLUMN\\s+(${IDENTIFIER})\\s*$`, 'i');
const DROPS_COLUMN = /\bDROP\s+COLUMN\b/i;

/**
 * Turn each `ADD COLUMN new <definition>` + `DROP COLUMN old` pair of a
 * table whose names differ in letter case only (a property `Title` renamed
 * `title`, or its `mysql.columnName` so changed) into `CHANGE COLUMN old
 * new <definition>`. The connector looks a column up by its exact name,
 * while MySQL's column names are not case-sensitive: it dropped the column
 * with its data and added an empty one of the same name (the guard then
 * refused the run). The change renames it in place, its values, indexes
 * and foreign keys kept; it is judged as any other column change (its
 * default and character set kept where the model declares none, a type or
 * nullability change checked against the rows).
 */
export function withCaseOnlyColumnRenames(
  statements: readonly string[],
): string[] {
  // Most plans drop no column: their statements are not split into clauses.
  if (!statements.some(sql => DROPS_COLUMN.test(sql))) return [...statements];
  const clauses = new StatementClauses(statements);
  const remaining = clauses.remaining();
  for (const drop of remaining) {
    const dropped = DROP_COLUMN.exec(drop.text.trim());
    if (!dropped || !drop.table) continue;
    const old = unquote(dropped[1]);
    for (const add of remaining) {
      const added = ADD_COLUMN.exec(add.text.trim());
      if (!added || add.table !== drop.table) continue;
      const name = unquote(added[1]);
      if (name === old || name.toLowerCase() !== old.toLowerCase()) continue;
      clauses.restate(
        add,
        `CHANGE COLUMN ${dropped[1]} ${added[1]} ${added[2].trim()}`,
      );
      clauses.remove(drop);
      break;
    }
  }
  return clauses.statements();
}
