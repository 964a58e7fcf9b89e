import type {DataSourceTarget} from '../discovery/data-sources';
import type {JugglerConnector} from '../juggler';
import type {ResolvedMigrationOptions} from '../options';
import {assessDataLoss} from '../planner/data-loss';
import {planDataSource, type DataSourcePlan} from '../planner/plan';
import type {TableOwnership} from '../planner/unmodelled';
import {predictFailures, type PredictedPlan} from '../planner/will-fail';
import {applyStatements} from './apply';
import {PlanGuard, type RunStatements} from './guard';
import type {LockGuard} from './lock-guard';
import {poolWait} from './pool-wait';
import type {Dialect} from '../dialects/contract';
import type {PlannedStatement} from '../types';
import type {Durations} from './online-apply';
import {onlinePlan} from './online-plan';

/** What planning one datasource needs from the run. */
export interface PlanContext {
  readonly options: ResolvedMigrationOptions;
  /** Which tables belong to the app. */
  readonly owned: TableOwnership;
  /** The guards of the run's plans (a plan's guard is added to it). */
  readonly guards: PlanGuard[];
}

/** A plan with its data judged, and how to apply it. */
export interface JudgedPlan extends PredictedPlan {
  /** The models planned, in the order their statements run. */
  readonly models: string[];
  /** Statements a model's settings slipped into its SQL (see `planDataSource`). */
  readonly refusals: DataSourcePlan['refusals'];
  /**
   * Apply the plan, under its guard where it has one; resolves to its
   * statements as they ran (online ones with their `durationMs`).
   */
  apply(): Promise<PlannedStatement[]>;
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
  {options, owned, guards}: PlanContext,
  lock: LockGuard,
): Promise<JudgedPlan> {
  const plan = await planDataSource(
    target.name,
    connector,
    dialect,
    models,
    options.operation,
    owned,
  );
  const judged = await predictFailures(
    target.name,
    connector,
    dialect,
    await assessDataLoss(target.name, connector, dialect, plan.statements),
    plan.present,
  );
  const phased =
    options.online && options.operation === 'autoupdate'
      ? await onlinePlan(dialect, connector, plan.models, plan.present, judged)
      : judged;
  const {statements} = phased;
  const guard = PlanGuard.of(
    target,
    connector,
    options,
    statements,
    phased.guards,
  );
  if (guard) guards.push(guard);
  const durations: Durations = new Map();
  const run: RunStatements = s =>
    applyStatements(
      dialect,
      connector,
      s,
      poolWait(target.name, options.lockTimeoutMs),
      lock,
      {durations, progress: options.onProgress},
    );
  return {
    ...judged,
    statements,
    guards: phased.guards,
    models: plan.models,
    refusals: plan.refusals,
    warnings: [...plan.warnings, ...judged.warnings],
    apply: async () => {
      await (guard ? guard.apply(run) : run(statements));
      return statements.map(s => {
        const durationMs = durations.get(s);
        return durationMs === undefined ? s : {...s, durationMs};
      });
    },
  };
}
