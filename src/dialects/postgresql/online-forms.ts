import type {JugglerConnector} from '../../juggler';
import {MIGRATION_APPLICATION_NAME} from '../../runner/orphans';
import {
  plainForm,
  type OnlineForms,
  type OnlineInput,
  type OnlineSession,
} from '../../runner/online-forms';
import type {PlannedStatement} from '../../types';
import {pgOnlineForm, refusedOnPartitioned} from './online';
import {partitionedModels} from './partitioned-tables';
import {referencedUniqueIndexes} from './referenced-unique-indexes';
import {finishUnfinished, readUnfinished} from './online-unfinished';
import {judgeUnvalidatedKeys} from './unvalidated-keys';

/**
 * PostgreSQL's online forms of a plan (see `pgOnlineForm`; a unique index
 * a foreign key of the plan references keeps its plain form), and the work
 * earlier online runs left unfinished on its existing tables. A statement
 * on a partitioned table keeps its plain form where PostgreSQL refuses the
 * online one there (see `refusedOnPartitioned`).
 */
export async function pgOnlineForms(
  connector: JugglerConnector,
  {statements, tables, offline}: OnlineInput,
): Promise<OnlineForms> {
  // What earlier online runs left needs online phases to finish.
  if (offline)
    return {forms: statements.map(c => plainForm(c.statement)), unfinished: []};
  const partitioned = statements.some(
    ({statement, online}) => online && refusedOnPartitioned(statement),
  )
    ? await partitionedModels(connector, tables)
    : new Set<string>();
  const onPartitioned = (statement: PlannedStatement) =>
    statement.model !== undefined && partitioned.has(statement.model);
  const referenced = referencedUniqueIndexes(statements.map(c => c.statement));
  const forms = statements.map(({statement, online}, place) =>
    online &&
    !referenced.has(place) &&
    !(onPartitioned(statement) && refusedOnPartitioned(statement))
      ? pgOnlineForm(statement)
      : plainForm(statement),
  );
  const planned = forms.flatMap(f => [...f.transaction, ...f.after]);
  const found = await readUnfinished(connector, tables);
  return {
    forms,
    unfinished: await judgeUnvalidatedKeys(
      connector,
      found,
      finishUnfinished(
        found,
        tables,
        planned.map(s => s.sql),
      ),
    ),
  };
}

/**
 * Online work never runs under the app's `statement_timeout` (an index
 * build may take minutes), and is tagged as a migration's so that a run
 * after a kill -9 waits for it (see `runner/orphans.ts`). Outside a
 * transaction, `lock_timeout` bounds each of its lock waits: `CREATE INDEX
 * CONCURRENTLY` waits for every transaction that wrote to its table, and
 * for every older snapshot, which an app's transaction left open would
 * make last for ever (`lock_timeout = 0` means no limit: 0 ms is sent as 1).
 */
export const PG_ONLINE_SESSION: OnlineSession = {
  inTransaction: ['SET LOCAL statement_timeout = 0'],
  before: lockWaitMs => [
    `SET application_name = '${MIGRATION_APPLICATION_NAME}'`,
    'SET statement_timeout = 0',
    `SET lock_timeout = '${Math.max(1, Math.ceil(lockWaitMs))}ms'`,
  ],
  after: [
    'RESET statement_timeout',
    'RESET lock_timeout',
    'RESET application_name',
  ],
};
