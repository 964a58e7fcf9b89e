/**
 * The defaults an interrupted run left on the columns it added to fill
 * their rows (`new-column-defaults.ts`): MariaDB and MySQL commit the
 * `ADD COLUMN ... DEFAULT <model default>` on its own, so a session killed
 * (or a server stopped) before the statement that drops the default again
 * left the column with it, and the connector, which never compares
 * defaults, would plan nothing for it. So the `ADD` marks its columns in
 * the state table first (`state-marks.ts`), the drop deletes the marks,
 * and the next run that finds a mark drops the default left behind.
 */
import {queryConnector, type JugglerConnector} from '../../juggler';
import type {OnlineTable} from '../../runner/online-forms';
import type {PlannedStatement} from '../../types';
import {forgottenAfter, markedBefore} from './marked-alter';
import {droppedDefaultColumns} from './new-column-defaults';
import {nameSource, planChanges} from './planned-changes';
import {quote} from './quote';
import {
  forgetMarksSql,
  markFitsSql,
  markSql,
  type StateMark,
} from './state-marks';
import {createMissingStateTableSql, type StateTable} from './state-table';

const KIND = 'filled-column-default';

/**
 * The plan's statements with each pair that fills a new column's rows
 * (the `ADD`, then the drop of its default, on the same table) in its
 * marked form: the `ADD` marks the columns first, the drop forgets them.
 * Other statements stay as they are.
 */
export function withFillMarks(
  statements: readonly PlannedStatement[],
  stateTable: StateTable,
): PlannedStatement[] {
  const marked = [...statements];
  statements.forEach((drop, j) => {
    const dropped = droppedDefaultColumns(drop.sql);
    if (!dropped) return;
    const i = marked
      .slice(0, j)
      .map(s => addsAll(s.sql, dropped.table, dropped.columns))
      .lastIndexOf(true);
    if (i < 0) return;
    marked[i] = {
      ...marked[i],
      sql: markedBefore(marked[i].sql, [
        createMissingStateTableSql(stateTable),
        markFitsSql(KIND, dropped.table, dropped.columns),
        markSql(stateTable, KIND, dropped.table, dropped.columns),
      ]),
    };
    marked[j] = {
      ...drop,
      sql: forgottenAfter(
        drop.sql,
        forgetMarksSql(stateTable, KIND, dropped.table, dropped.columns),
      ),
    };
  });
  return marked;
}

/** Whether `sql` adds every one of `table`'s `columns`. */
function addsAll(
  sql: string,
  table: string,
  columns: readonly string[],
): boolean {
  return columns.every(column =>
    planChanges(
      [sql],
      table,
      new RegExp(`^ADD\\s+(?:COLUMN\\s+)?${nameSource(column)}\\s`, 'i'),
    ),
  );
}

/**
 * The statements that finish what the `filled-column-default` marks
 * (`marks`) of the plan's `tables` say: drop the default left on the
 * column and delete the mark; only delete the mark where the column is
 * gone, has no default, or is dropped or renamed by the plan's own
 * statements (`planned`, their SQL).
 */
export async function leftDefaultDrops(
  connector: JugglerConnector,
  tables: readonly OnlineTable[],
  marks: readonly StateMark[],
  stateTable: StateTable,
  planned: readonly string[],
): Promise<PlannedStatement[]> {
  const statements: PlannedStatement[] = [];
  for (const mark of marks.filter(m => m.kind === KIND)) {
    const table = tables.find(
      t => t.table.schema === '' && t.table.name === mark.table,
    );
    if (!table) continue;
    const forget = forgetMarksSql(stateTable, KIND, mark.table, [mark.name]);
    const column = quote(mark.name);
    const drop =
      (await hasDefault(connector, mark)) &&
      !planChanges(
        planned,
        mark.table,
        new RegExp(
          `^(?:DROP|CHANGE)\\s+(?:COLUMN\\s+)?${nameSource(mark.name)}(?:\\s|$)`,
          'i',
        ),
      );
    statements.push({
      sql: drop
        ? forgottenAfter(
            `ALTER TABLE ${quote(mark.table)} ALTER COLUMN ${column} DROP DEFAULT`,
            forget,
          )
        : forget,
      model: table.model,
      destructive: false,
      reason: drop
        ? `drops the default an interrupted run left on the column ${column}, which it added ` +
          "with the property's default to fill the rows: the column is left as the model's CREATE TABLE makes it"
        : `forgets the mark of the column ${column} an interrupted run left with a default: ` +
          'the column is gone, has no default, or this plan changes it',
      phase: 'no-transaction',
    });
  }
  return statements;
}

/** Whether the marked column is there, with a default. */
async function hasDefault(
  connector: JugglerConnector,
  mark: StateMark,
): Promise<boolean> {
  const rows = await queryConnector<{stated: unknown}>(
    connector,
    `SELECT COLUMN_DEFAULT AS stated FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?`,
    [mark.table, mark.name],
  );
  return rows.length > 0 && rows[0].stated !== null;
}
