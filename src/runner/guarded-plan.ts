import type {DataSourceTarget} from '../discovery/data-sources';
import type {JugglerConnector} from '../juggler';
import type {ResolvedMigrationOptions} from '../options';
import {assessDataLoss} from '../planner/data-loss';
import {judgeLockImpact, refuseOffline} from '../planner/lock-impact';
import {
  planDataSource,
  type DataSourcePlan,
  type ModelsElsewhere,
} from '../planner/plan';
import type {TableOwnership} from '../planner/unmodelled';
import {predictFailures, type PredictedPlan} from '../planner/will-fail';
import {applyStatements} from './apply';
import {PlanGuard, type RunStatements} from './guard';
import type {LockGuard} from './lock-guard';
import {lockRetry, type LockWaitRecord} from './lock-retry';
import {poolWait} from './pool-wait';
import type {Dialect} from '../dialects/contract';
import type {PlannedStatement} from '../types';
import type {Durations} from './online-apply';
import {stateTableBeside} from './fast-path';
import type {OnlineInput} from './online-forms';
import {onlinePlan, type OnlinePlan} from './online-plan';
import {refusePackageTables} from './package-tables';
import {splitByLockTable} from './transactions';

/** What planning one datasource needs from the run. */
export interface PlanContext {
  readonly options: ResolvedMigrationOptions;
  /** Which tables belong to the app. */
  readonly owned: TableOwnership;
  /** Where the models not attached to a datasource are (`models-elsewhere.ts`). */
  readonly elsewhere: (target: DataSourceTarget) => ModelsElsewhere;
  /** The guards of the run's plans (a plan's guard is added to it). */
  readonly guards: PlanGuard[];
  /** The scripts' ledger table: the fingerprints' table is beside it. */
  readonly ledgerTable: readonly [string] | readonly [string, string];
}

/** A plan with its data judged, and how to apply it. */
export interface JudgedPlan extends PredictedPlan {
  /** The models planned, in the order their statements run. */
  readonly models: string[];
  /** Statements a model's settings slipped into its SQL (see `planDataSource`). */
  readonly refusals: DataSourcePlan['refusals'];
  /**
   * Apply the plan, under its guard where it has one; resolves to its
   * statements as they ran (online ones with their `durationMs`) and
   * warnings about it (statements that waited for a table lock and were
   * retried).
   */
  apply(): Promise<{statements: PlannedStatement[]; warnings: string[]}>;
}

/**
 * Plan a datasource's models, judge the statements against its data (what they would
 * lose, what the database would refuse) and say how to apply them: the
 * changes let through as losing nothing are guarded (see {@link PlanGuard}),
 * and the guard is added to `guards`, which the run installs before its
 * first change and releases at its end.
 */
export async function judgePlan(
  target: DataSourceTarget,
  connector: JugglerConnector,
  dialect: Dialect,
  models: readonly string[],
  {options, owned, elsewhere, guards, ledgerTable}: PlanContext,
  lock: LockGuard,
): Promise<JudgedPlan> {
  refusePackageTables(
    connector,
    dialect,
    models,
    ledgerTable,
    target.dataSource?.settings ?? {},
  );
  const plan = await planDataSource(
    target.name,
    connector,
    dialect,
    models,
    options.operation,
    owned,
    elsewhere(target),
  );
  const impact = await judgeLockImpact(
    connector,
    dialect,
    plan.statements,
    plan.present,
    options.online,
  );
  const predicted = await predictFailures(
    target.name,
    connector,
    dialect,
    await assessDataLoss(target.name, connector, dialect, impact.statements),
    plan.present,
  );
  const offline = refuseOffline(
    target.name,
    connector,
    dialect,
    predicted.statements,
    impact.offline,
  );
  const judged = {
    ...predicted,
    statements: offline.statements,
    failures: [...predicted.failures, ...offline.failures],
    // The plan shows how to keep a renamed property's data, not only the
    // refusal of a real run (`--dry-run`, `--check`).
    warnings: [
      ...predicted.warnings,
      ...predicted.losses.flatMap(l =>
        l.hint ? [`model ${l.model}: ${l.hint}`] : [],
      ),
    ],
  };
  const phased = await inPhases(
    target.name,
    {dialect, connector, stateTable: stateTableBeside(ledgerTable)},
    plan,
    options,
    judged,
  );
  const split = await splitByLockTable(dialect, connector, phased.statements);
  const {statements} = split;
  const guard = PlanGuard.of(
    target,
    connector,
    options,
    statements,
    phased.guards,
  );
  if (guard) guards.push(guard);
  const wait = poolWait(target.name, options.lockTimeoutMs);
  const retry = lockRetry(
    dialect.lockWait,
    connector,
    options.statementLockTimeoutMs,
    wait.timeoutMs,
  );
  const durations: Durations = new Map();
  const run: RunStatements = (s, before) =>
    applyStatements(
      dialect,
      connector,
      s,
      wait,
      lock,
      retry,
      {durations, progress: options.onProgress},
      before,
    );
  return {
    ...judged,
    statements,
    failures: phased.failures,
    guards: phased.guards,
    models: plan.models,
    refusals: plan.refusals,
    warnings: [
      ...plan.warnings,
      ...impact.warnings,
      ...phased.warnings,
      ...split.warnings,
    ],
    apply: async () => {
      await phased.prepare?.();
      await (guard ? guard.apply(run) : run(statements, 0));
      return {
        statements: statements.map(s => {
          const durationMs = durations.get(s);
          return durationMs === undefined ? s : {...s, durationMs};
        }),
        warnings: lockWaitWarnings(retry.waits),
      };
    },
  };
}

/** One warning for the retried lock waits of an apply, or none. */
function lockWaitWarnings(waits: readonly LockWaitRecord[]): string[] {
  if (waits.length === 0) return [];
  const tables = [...new Set(waits.flatMap(w => w.tables))];
  return [
    `changing ${tables.join(', ')}: ${waits.length} attempt(s) waited the longest ` +
      'allowed (statementLockTimeoutMs) for a table lock another session held, and were ' +
      'retried after a back-off (nothing was half-applied)',
  ];
}

/** A judged plan in its phases, with what its apply does first (`OnlinePlan.prepare`). */
type PhasedPlan = PredictedPlan & Pick<OnlinePlan, 'prepare'>;

/**
 * The plan split into online phases where `online` asks for them (see
 * {@link onlinePlan}); the statements whose text the online forms changed
 * (`CONCURRENTLY`, `NOT VALID`, MariaDB's checked foreign keys) or that they
 * added (a back-fill, `SET NOT NULL` after its check, even when its text is
 * the plan's) are judged again for their lock impact, in their phase.
 */
async function inPhases(
  dataSource: string,
  {
    dialect,
    connector,
    stateTable,
  }: {
    dialect: Dialect;
    connector: JugglerConnector;
    stateTable: OnlineInput['stateTable'];
  },
  plan: DataSourcePlan,
  options: ResolvedMigrationOptions,
  judged: PredictedPlan,
): Promise<PhasedPlan> {
  if (options.operation !== 'autoupdate') return judged;
  const phased = await onlinePlan(
    dialect,
    connector,
    plan.models,
    plan.present,
    judged,
    {stateTable, offline: !options.online},
  );
  if (phased === judged) return judged;
  const warnings = [...judged.warnings, ...(phased.unfinishedWarnings ?? [])];
  if (phased.statements === judged.statements) return {...judged, warnings};
  // What an interrupted run left is judged as the plan was: an index built
  // again over duplicates fails however often the run is repeated.
  const left = await predictFailures(
    dataSource,
    connector,
    dialect,
    {statements: [...(phased.unfinished ?? [])], losses: [], guards: []},
    plan.present,
  );
  if (left.failures.length > 0) {
    return {
      ...judged,
      statements: [...judged.statements, ...left.statements],
      failures: [...judged.failures, ...left.failures],
      warnings,
    };
  }
  const judgedSql = new Set(judged.statements.map(s => s.sql));
  const changed = phased.statements.filter(
    s => s.lock === undefined || !judgedSql.has(s.sql),
  );
  const impact = await judgeLockImpact(
    connector,
    dialect,
    changed,
    plan.present,
    false,
  );
  const rejudged = new Map(changed.map((s, i) => [s, impact.statements[i]]));
  return {
    ...judged,
    statements: phased.statements.map(s => rejudged.get(s) ?? s),
    guards: phased.guards,
    warnings,
    prepare: phased.prepare,
  };
}
