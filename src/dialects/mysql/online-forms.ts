import type {JugglerConnector} from '../../juggler';
import {
  plainForm,
  type OnlineForms,
  type OnlineInput,
} from '../../runner/online-forms';
import {checkedForeignKey} from './checked-foreign-key';
import {leftDefaultDrops, withFillMarks} from './filled-defaults';
import {droppedDefaultColumns} from './new-column-defaults';
import {readServer} from './server';
import {readMarks} from './state-marks';
import {ensureStateTable} from './state-table';
import {strayMarks} from './stray-marks';
import {uncheckedKeyChecks} from './unchecked-keys';

/**
 * The mysql dialect's `onlineForms`. Every statement keeps its plain form
 * (each commits on its own), but the ones that mark what an interrupted
 * run would leave unfinished (a foreign key added in place, checked after;
 * on MariaDB, a new column filled with its property's default, dropped
 * after: see `state-marks.ts`); the unfinished work is what the marks of the plan's
 * tables say.
 */
export async function mysqlOnlineForms(
  connector: JugglerConnector,
  {statements, tables, stateTable, present}: OnlineInput,
): Promise<OnlineForms> {
  const plain = statements.map(c => c.statement);
  // Anonymous compound statements are MariaDB's.
  const fills = plain.some(s => droppedDefaultColumns(s.sql) !== undefined);
  const filled =
    fills && (await readServer(connector)).mariadb
      ? withFillMarks(plain, stateTable)
      : plain;
  const forms = statements.map((c, i) => {
    const checked = c.online && checkedForeignKey(c.statement.sql, stateTable);
    return checked
      ? {transaction: [{...c.statement, sql: checked}], after: []}
      : plainForm(filled[i]);
  });
  const planned = forms.flatMap(f => f.transaction.map(s => s.sql));
  const marking = forms.some((f, i) => f.transaction[0] !== plain[i]);
  // A state table of the current database the plan did not list is not
  // there (or the user may not see it): it holds no marks to read.
  const listed =
    stateTable.length === 2
      ? undefined
      : present.some(t => t.schema === '' && t.name === stateTable[0]);
  const marks = listed === false ? [] : await readMarks(connector, stateTable);
  const stray = strayMarks(connector, tables, present, marks, stateTable);
  return {
    forms,
    unfinished: [
      ...(await uncheckedKeyChecks(
        connector,
        tables,
        marks,
        planned,
        stateTable,
      )),
      ...(await leftDefaultDrops(
        connector,
        tables,
        marks,
        stateTable,
        planned,
      )),
      ...stray.statements,
    ],
    warnings: stray.warnings,
    ...(marking &&
      listed !== true && {
        prepare: () => ensureStateTable(connector, stateTable),
      }),
  };
}
