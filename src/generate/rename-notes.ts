import {commentLines} from './comment-lines';
import {columnChanges} from '../planner/alter-clauses';
import type {PlannedStatement} from '../types';
import {statementNumbers} from './statement-numbers';

/**
 * Header notes for a model whose table the plan drops a column of while it
 * adds another: the shape a renamed property gives. The shadow database the
 * plan is made on holds no rows, so the data-loss guard has nothing to say
 * there (at run time it hints at a rename only where the column holds
 * data); the reviewer is told here, where the script can still be edited.
 */
export function renameNotes(statements: readonly PlannedStatement[]): string[] {
  const byModel = new Map<
    string,
    {dropped: string[]; added: string[]; at: number[]}
  >();
  statements.forEach(({model, sql}, index) => {
    if (!model) return;
    const columns = byModel.get(model) ?? {dropped: [], added: [], at: []};
    for (const change of columnChanges(sql)) {
      if (change.kind === 'drop-column') columns.dropped.push(change.column);
      if (change.kind === 'add-column') columns.added.push(change.column);
      if (change.kind === 'drop-column' || change.kind === 'add-column') {
        if (columns.at.at(-1) !== index) columns.at.push(index);
      }
    }
    byModel.set(model, columns);
  });
  return [...byModel].flatMap(([model, {dropped, added, at}]) =>
    dropped.length > 0 && added.length > 0
      ? commentLines(
          `Model ${model}: the plan drops column ${names(dropped)} and adds ${names(added)}. ` +
            'If a property was renamed, its stored values are dropped where this runs: keep ' +
            'them by mapping the property to the old column (columnName), or edit ' +
            `${statementNumbers(at)} into a RENAME COLUMN.`,
        )
      : [],
  );
}

function names(columns: readonly string[]): string {
  return columns.map(column => `"${column}"`).join(', ');
}
