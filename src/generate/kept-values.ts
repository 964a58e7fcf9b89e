import type {InverseStatement} from '../dialects/shadow';
import {columnChanges, convertedType} from '../planner/alter-clauses';
import type {LossChecks} from '../planner/loss/checks';

/**
 * Whether a statement that restates columns in place (MySQL's `CHANGE
 * COLUMN` and `MODIFY`) keeps every stored value: each such column keeps the
 * type it had or widens it (with the character set its definition names),
 * and its nullability, as the statement's exact inverse shows, made from
 * the definitions the shadow database had before it: a column renamed in
 * letter case only, a default or a comment changed, a longer `VARCHAR`.
 * `false` when that cannot be told (no exact inverse, a database without
 * `keepsValues`), or for a statement that drops a column.
 */
export function keepsStoredValues(
  sql: string,
  inverse: InverseStatement | undefined,
  keepsValues: LossChecks['keepsValues'],
): boolean {
  if (!keepsValues || !inverse || !('sql' in inverse)) return false;
  const after = columnChanges(sql);
  const restated = after.filter(c => c.kind === 'change-type');
  if (restated.length === 0 || after.some(c => c.kind === 'drop-column')) {
    return false;
  }
  // The inverse names each column as the statement leaves it (a letter
  // case rename back): matched without case.
  const before = columnChanges(inverse.sql);
  const typeBefore = new Map(
    before
      .filter(c => c.kind === 'change-type')
      .map(c => [c.column.toLowerCase(), convertedType(c)]),
  );
  const notNull = (changes: typeof after) =>
    new Set(
      changes
        .filter(c => c.kind === 'set-not-null')
        .map(c => c.column.toLowerCase()),
    );
  const notNullBefore = notNull(before);
  const notNullAfter = notNull(after);
  return restated.every(change => {
    const column = change.column.toLowerCase();
    const was = typeBefore.get(column);
    return (
      was !== undefined &&
      keepsValues(was, convertedType(change)) &&
      (!notNullAfter.has(column) || notNullBefore.has(column))
    );
  });
}
