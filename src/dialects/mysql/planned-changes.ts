import {splitClauses} from '../../planner/statement-clauses';
import {statementTarget} from '../../planner/statement-target';
import {alterTableBody} from '../lock-impact';
import {alterOfCheckedForeignKey} from './checked-foreign-key';
import {alterOfMarked} from './marked-alter';
import {quote} from './quote';

/**
 * Whether the plan's statements (`planned`, their SQL, in the forms they
 * run) create or drop the current database's `table`, or change it with a
 * clause `clause` matches (a clause of its `ALTER TABLE` statements, the
 * checked and marked compound forms included): how the work a mark left
 * (`state-marks.ts`) is told from what the plan itself changes, by the
 * table's and the key's or column's exact names, not by their text
 * appearing somewhere in a statement.
 */
export function planChanges(
  planned: readonly string[],
  table: string,
  clause: RegExp,
): boolean {
  return planned.some(sql => {
    const alter = alterOfCheckedForeignKey(sql) ?? alterOfMarked(sql) ?? sql;
    const target = statementTarget(alter.trim(), name => name);
    if (target.kind === 'other' || !('table' in target)) return false;
    if (target.table?.schema !== '' || target.table.name !== table) {
      return false;
    }
    if (target.kind === 'create-table' || target.kind === 'drop-table') {
      return true;
    }
    const body = target.kind === 'alter-table' && alterTableBody(alter);
    return !!body && splitClauses(body).some(c => clause.test(c.trim()));
  });
}

/**
 * A pattern of the name `name` as a clause writes it: quoted (`` `a``b` ``)
 * or, where it needs no quotes, bare; MySQL compares the names of columns
 * and keys without case.
 */
export function nameSource(name: string): string {
  const quoted = quote(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return /^[\w$]+$/.test(name) ? `(?:${quoted}|${name}\\b)` : quoted;
}
