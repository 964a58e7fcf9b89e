import type {JugglerConnector} from '../juggler';
import type {PlannedStatement} from '../types';
import {describeTable, tableKey, type ListedTable} from '../dialects/dialect';
import type {LockImpactQuery} from '../dialects/lock-impact';
import type {PredictedFailure} from './will-fail';
import type {Dialect} from '../dialects/contract';
import {rollingDeployWarning} from './lock-impact-rolling';

/**
 * A table this small (by its statistics) is copied in milliseconds: a
 * statement without an online form runs on it in its plain form rather than
 * being refused (a table a killed run created, still empty; a lookup table).
 */
export const SMALL_TABLE_ROWS = 1000;

/** A plan's statements with their lock impact, in their online forms where chosen. */
export interface LockImpactPlan {
  readonly statements: PlannedStatement[];
  /**
   * Statements that have no online form on this server, by plan position,
   * with why (`online` on): the run is refused (see {@link refuseOffline}).
   */
  readonly offline: ReadonlyMap<number, string>;
  /**
   * What the statements on existing tables break for app instances still
   * running the previous models (see {@link rollingDeployWarning}).
   */
  readonly warnings: string[];
}

/**
 * Say of each statement what its locks do to the sessions using its table
 * (`lock`, `rewritesTable`, `scansTable`), with the table's estimated rows
 * and size from the table list the plan read (`present`). A statement on a
 * table the plan creates (or drops and creates again) blocks no one. With
 * `online`, a statement on an existing table takes its online form where
 * the dialect has one; one that has none is listed in `offline`, unless its
 * table holds at most {@link SMALL_TABLE_ROWS} rows by its statistics.
 * A statement that drops a column of an existing table is warned of: the
 * instances of the previous release still name it (a rolling deploy).
 */
export async function judgeLockImpact(
  connector: JugglerConnector,
  dialect: Dialect,
  statements: readonly PlannedStatement[],
  present: readonly ListedTable[],
  online: boolean,
): Promise<LockImpactPlan> {
  const listed = new Map(present.map(t => [tableKey(t), t]));
  const created = new Set<string>();
  const queries: LockImpactQuery[] = statements.map(statement => {
    if (!statement.model) return {sql: statement.sql, existing: false};
    const table = dialect.tableOf(connector, statement.model);
    const {phase} = statement;
    const key = tableKey(table);
    // Dropped (a rebuild) or created by the plan: no session uses it yet.
    if (/^(?:CREATE|DROP)\s+TABLE\b/i.test(statement.sql)) {
      const existing = /^DROP/i.test(statement.sql) && listed.has(key);
      created.add(key);
      return {sql: statement.sql, table, existing, phase};
    }
    return {
      sql: statement.sql,
      table,
      existing: listed.has(key) && !created.has(key),
      phase,
    };
  });
  const verdicts = await dialect.lockImpact(connector, queries);
  const offline = new Map<number, string>();
  const warnings: string[] = [];
  const judged = statements.map((statement, i) => {
    const {table, existing} = queries[i];
    const verdict = verdicts[i];
    const impact = !online && verdict.plain ? verdict.plain : verdict;
    const stats = existing && table ? listed.get(tableKey(table)) : undefined;
    const small =
      stats?.estimatedRows !== undefined &&
      stats.estimatedRows <= SMALL_TABLE_ROWS;
    if (online && verdict.notOnline !== undefined && !small) {
      offline.set(i, verdict.notOnline);
    }
    const rolling =
      existing && table && statement.model
        ? rollingDeployWarning(
            statement.sql,
            statement.model,
            describeTable(table),
          )
        : undefined;
    if (rolling) warnings.push(rolling);
    return {
      ...statement,
      sql: online && verdict.onlineSql ? verdict.onlineSql : statement.sql,
      lock: impact.lock,
      rewritesTable: impact.rewritesTable,
      scansTable: impact.scansTable,
      ...(stats?.estimatedRows !== undefined && {
        estimatedRows: stats.estimatedRows,
      }),
      ...(stats?.estimatedBytes !== undefined && {
        estimatedBytes: stats.estimatedBytes,
      }),
    };
  });
  return {statements: judged, offline, warnings};
}

/**
 * Mark the statements that have no online form as refused (`willFail`) and
 * return the failures that refuse the run, before anything changes.
 */
export function refuseOffline(
  dataSource: string,
  connector: JugglerConnector,
  dialect: Dialect,
  statements: readonly PlannedStatement[],
  offline: ReadonlyMap<number, string>,
): {statements: PlannedStatement[]; failures: PredictedFailure[]} {
  const failures: PredictedFailure[] = [];
  const marked = statements.map((statement, i) => {
    const why = offline.get(i);
    if (why === undefined || !statement.model) return statement;
    const description =
      `no online form: ${why}. Run it in its plain form with online: false ` +
      '(CLI --offline) when the table may be blocked that long, or change the model ' +
      'so that the change is not needed';
    failures.push({
      dataSource,
      model: statement.model,
      table: describeTable(dialect.tableOf(connector, statement.model)),
      sql: statement.sql,
      description,
    });
    return {
      ...statement,
      willFail: statement.willFail
        ? `${statement.willFail}; ${description}`
        : description,
    };
  });
  return {statements: marked, failures};
}
