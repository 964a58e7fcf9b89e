/**
 * The foreign keys an interrupted run added in place but never checked
 * (MariaDB's online foreign keys, `checked-foreign-key.ts`): the session
 * was killed, or the server stopped, between the key and the read of the
 * rows written before it. Their marks (`state-marks.ts`) make the next
 * run check them, as PostgreSQL's next run validates a key an interrupted
 * run left NOT VALID (`postgresql/unvalidated-keys.ts`).
 */
import type {TableRef} from '../dialect';
import {queryConnector, type JugglerConnector} from '../../juggler';
import type {StatedForeignKey} from '../../planner/foreign-key-pairs';
import {DataReader, orphanRows} from '../../planner/will-fail/data';
import type {OnlineTable} from '../../runner/online-forms';
import type {PlannedStatement} from '../../types';
import {orphanRowsExist} from './checked-foreign-key';
import {mysqlFailureChecks} from './failure-checks';
import {nameSource, planChanges} from './planned-changes';
import {literal, quote} from './quote';
import type {StateTable} from './state-table';
import {forgetMarksSql, type StateMark} from './state-marks';

/** One column of a foreign key, as `information_schema` has it. */
interface KeyColumn {
  readonly column: string;
  readonly parentSchema: string | null;
  readonly parent: string;
  readonly referenced: string;
}

const KEY_COLUMNS = `
SELECT COLUMN_NAME AS \`column\`,
       NULLIF(REFERENCED_TABLE_SCHEMA, DATABASE()) AS parentSchema,
       REFERENCED_TABLE_NAME AS parent, REFERENCED_COLUMN_NAME AS referenced
  FROM information_schema.KEY_COLUMN_USAGE
 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?
   AND REFERENCED_TABLE_NAME IS NOT NULL
 ORDER BY ORDINAL_POSITION`;

/**
 * The statements that deal with the `unchecked-foreign-key` marks
 * (`marks`, of the current database) on the plan's `tables` (see the
 * module's comment): a marked key is checked
 * (its rows read; the mark deleted when none points nowhere), judged
 * before the run as the plan's own foreign keys are; the mark of a key
 * that is gone (the run was stopped before it) or that the plan's own
 * statements (`planned`, their SQL) drop or add again (a clause of that
 * table that names that key) is deleted.
 */
export async function uncheckedKeyChecks(
  connector: JugglerConnector,
  tables: readonly OnlineTable[],
  marks: readonly StateMark[],
  planned: readonly string[],
  stateTable: StateTable,
): Promise<PlannedStatement[]> {
  const statements: PlannedStatement[] = [];
  for (const mark of marks.filter(m => m.kind === 'unchecked-foreign-key')) {
    const table = tables.find(
      t => t.table.schema === '' && t.table.name === mark.table,
    );
    if (!table) continue;
    const key = await statedKey(connector, mark);
    const statement =
      key && !planChanges(planned, mark.table, keyClause(mark.name))
        ? await check(connector, table.table, key, stateTable)
        : forget(mark, stateTable);
    statements.push({...statement, model: table.model});
  }
  return statements;
}

/** A clause that drops or adds the foreign key `name`. */
function keyClause(name: string): RegExp {
  const key = nameSource(name);
  return new RegExp(
    `^(?:DROP\\s+FOREIGN\\s+KEY\\s+${key}|ADD\\s+CONSTRAINT\\s+${key}\\s+FOREIGN\\s+KEY)(?:\\s|\\(|$)`,
    'i',
  );
}

/** The marked key as the catalog has it; `undefined` when it is gone. */
async function statedKey(
  connector: JugglerConnector,
  mark: StateMark,
): Promise<StatedForeignKey | undefined> {
  const columns = await queryConnector<KeyColumn>(connector, KEY_COLUMNS, [
    mark.table,
    mark.name,
  ]);
  if (columns.length === 0) return undefined;
  const [{parentSchema, parent}] = columns;
  return {
    name: mark.name,
    columns: columns.map(c => c.column),
    target: parentSchema === null ? [parent] : [parentSchema, parent],
    targetColumns: columns.map(c => c.referenced),
  };
}

/**
 * Check the rows of a marked key, then delete its mark; the statement
 * fails when a row points nowhere, and is judged so before the run.
 */
async function check(
  connector: JugglerConnector,
  child: TableRef,
  key: StatedForeignKey,
  stateTable: StateTable,
): Promise<PlannedStatement> {
  const name = quote(key.name);
  const statement: PlannedStatement = {
    sql: [
      'BEGIN NOT ATOMIC',
      `IF ${orphanRowsExist(child.name, key)} THEN`,
      `SIGNAL SQLSTATE '23000' SET MESSAGE_TEXT = ${literal(
        `rows of ${child.name} break ${key.name}, added unchecked by an interrupted run`.slice(
          0,
          128,
        ),
      )};`,
      'END IF;',
      `${forgetMarksSql(stateTable, 'unchecked-foreign-key', child.name, [key.name])};`,
      'END',
    ].join('\n'),
    destructive: false,
    reason: `checks the rows of the foreign key ${name} an interrupted run added unchecked (reads and writes go on)`,
    phase: 'no-transaction',
  };
  const reader = new DataReader(connector, mysqlFailureChecks);
  const parent: TableRef =
    key.target.length === 2
      ? {schema: key.target[0], name: key.target[1]}
      : {schema: '', name: key.target[0]};
  const orphans = await reader.orphans(
    child,
    key.columns.map(c => reader.column(c)),
    {table: parent, columns: key.targetColumns},
  );
  if (orphans.count === 0) return statement;
  return {
    ...statement,
    willFail:
      `foreign key ${name}, added by an earlier run that was stopped before it checked the rows, ` +
      `does not hold: ${orphanRows(orphans, child, parent)}; the next run checks the key again`,
  };
}

/** Delete the mark of a key that is gone, or that the plan drops or adds. */
function forget(mark: StateMark, stateTable: StateTable): PlannedStatement {
  return {
    sql: forgetMarksSql(stateTable, mark.kind, mark.table, [mark.name]),
    destructive: false,
    reason: `forgets the mark of the foreign key ${quote(mark.name)} an interrupted run left unchecked: the key is gone, or this plan changes it`,
    phase: 'no-transaction',
  };
}
