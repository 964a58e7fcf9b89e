/**
 * The marks (`state-marks.ts`) on tables the plan's models do not have:
 * their work is finished by no statement of the plan, and while one stays
 * the fast path never answers. The mark of a table that is gone is
 * deleted (nothing is left to finish); the others stay, and the run's
 * warnings say so, with what finishes or clears them: a run of the model
 * that maps the table (left out by a `models` selection), or, where no
 * model of the datasource maps it any more, the `DELETE` of the mark.
 */
import type {TableRef} from '../dialect';
import type {JugglerConnector} from '../../juggler';
import type {OnlineTable} from '../../runner/online-forms';
import type {PlannedStatement} from '../../types';
import {literal, quote} from './quote';
import {forgetMarksSql, type StateMark} from './state-marks';
import {stateTableName, type StateTable} from './state-table';

/** What the marks off the plan's tables make the run do and say. */
export interface StrayMarks {
  readonly statements: PlannedStatement[];
  readonly warnings: string[];
}

/**
 * The marks among `marks` on none of the plan's `tables` (see the module's
 * comment); `present`: every table of the current database, as the plan
 * listed them.
 */
export function strayMarks(
  connector: JugglerConnector,
  tables: readonly OnlineTable[],
  present: readonly TableRef[],
  marks: readonly StateMark[],
  stateTable: StateTable,
): StrayMarks {
  const stray = marks.filter(
    m => !tables.some(t => t.table.schema === '' && t.table.name === m.table),
  );
  // Names compared exactly, as a mark has them.
  const existing = new Set(
    present.filter(t => t.schema === '').map(t => t.name),
  );
  const statements: PlannedStatement[] = [];
  const warnings: string[] = [];
  for (const mark of stray) {
    if (!existing.has(mark.table)) {
      statements.push({
        sql: forgetMarksSql(stateTable, mark.kind, mark.table, [mark.name]),
        destructive: false,
        reason: `forgets the mark an interrupted run left on ${work(mark)}: the table is gone`,
        phase: 'no-transaction',
      });
      continue;
    }
    const models = modelsOf(connector, mark.table);
    warnings.push(
      `an interrupted run left ${work(mark)} unfinished (a mark in the state table), ` +
        (models.length > 0
          ? `and this run's models leave that table out: a run of model ${models.join(', ')} finishes it`
          : 'and no model of this datasource maps that table any more: when it needs nothing more, ' +
            `delete the mark (DELETE FROM ${stateTableName(stateTable)} WHERE state_key = ${literal(mark.key)})`) +
        '; until then the up-to-date fast path stays off',
    );
  }
  return {statements, warnings};
}

/** The work a mark says is left, in words. */
function work(mark: StateMark): string {
  const table = quote(mark.table);
  return mark.kind === 'unchecked-foreign-key'
    ? `the check of the rows of the foreign key ${quote(mark.name)} of table ${table}`
    : `the drop of the default of the column ${quote(mark.name)} of table ${table}, added with it to fill its rows`;
}

/** The datasource's models whose table is `table`. */
function modelsOf(connector: JugglerConnector, table: string): string[] {
  return Object.keys(connector._models ?? {}).filter(
    model => (connector.table?.(model) ?? model) === table,
  );
}
