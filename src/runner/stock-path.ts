/**
 * Datasources this package does not plan, prepared to be migrated the way
 * LoopBack does it: by their own method, or by the connector's own
 * autoupdate/automigrate.
 */
import {dialectFor} from '../dialects';
import type {DataSourceTarget} from '../discovery/data-sources';
import {
  ensureConnected,
  type JugglerConnector,
  type JugglerDataSource,
} from '../juggler';
import type {ResolvedMigrationOptions} from '../options';
import type {DataLoss} from '../planner/data-loss';
import {orderByForeignKeys} from '../planner/model-order';
import type {PredictedFailure} from '../planner/will-fail';
import type {
  DataSourceMigrationResult as Result,
  SchemaMigrationReport,
} from '../types';
import type {MigrationLock} from './lock';
import {lockGuard} from './lock-guard';
import type {LockTurn} from './lock-order';
import {holdLockInTurn, type LockHolding} from './run-scope';
import {
  planOwnMigration,
  runOwnMigration,
  type OwnMigration,
} from './own-method';

/** One datasource after planning: what it would do, and how to do it. */
export interface Prepared {
  readonly target: DataSourceTarget;
  readonly planned: Result;
  readonly losses: readonly DataLoss[];
  readonly failures: readonly PredictedFailure[];
  /** Absent for skipped datasources. */
  readonly apply?: () => Promise<Applied>;
}

/** A datasource with nothing to apply: only its entry in the report. */
export function reportOnly(
  target: DataSourceTarget,
  planned: Result,
): Prepared {
  return {target, losses: [], failures: [], planned};
}

/** What applying one datasource did. */
export interface Applied {
  readonly status: Result['status'];
  /** The statements it ran, where they are known only once they ran. */
  readonly statements?: Result['statements'];
  /** The result's warnings, when the apply adds to them. */
  readonly warnings?: Result['warnings'];
}

/**
 * A datasource migrated by its own method, as LoopBack does it. A dry run
 * captures what it would send on PostgreSQL and MySQL, and does not call it
 * elsewhere; a real run calls it under the migration lock and reports the
 * statements it sent.
 */
export async function prepareOwnMigration(
  target: OwnMigration['target'],
  /** The selected models (`selectTargets()`), given when `models` is. */
  models: readonly string[],
  context: {
    readonly holding: LockHolding;
    readonly options: ResolvedMigrationOptions;
    /** The run's report, for the message of a lost lock. */
    readonly report: SchemaMigrationReport;
    /** When it may take its lock (see `LockOrder`). */
    readonly lockTurn?: LockTurn;
  },
): Promise<Prepared> {
  const {options, report} = context;
  const own: OwnMigration = {
    target,
    operation: options.operation,
    models: options.models ? [...models] : undefined,
    dialect: dialectFor(target.connectorName),
  };
  const {reason} = target.ownMigration;
  const base = {
    name: target.name,
    connector: target.connectorName,
    models: [...(options.models ? models : target.attachedModels)],
    durationMs: 0,
  };
  if (options.dryRun) {
    const statements = await planOwnMigration(own);
    const unplanned =
      `a dry run does not call it: the ${target.connectorName} connector's ` +
      'statements cannot be captured, so it would run for real';
    return reportOnly(target, {
      ...base,
      status: 'planned',
      statements: statements ?? [],
      warnings: statements ? [reason] : [reason, unplanned],
    });
  }
  const {dataSource} = target;
  let lock: MigrationLock | undefined;
  if (own.dialect && dataSource?.connector) {
    await ensureConnected(dataSource);
    lock = await holdLockInTurn(
      dataSource.connector,
      context.options.lockTimeoutMs,
      context.holding,
      context.lockTurn,
    );
  }
  const apply = async (): Promise<Applied> => {
    await lockGuard(lock, target.name, report).ensureHeld(
      'calling its own migration method',
      true,
    );
    return {status: 'migrated', statements: await runOwnMigration(own)};
  };
  return {
    target,
    losses: [],
    failures: [],
    planned: {...base, status: 'planned', statements: [], warnings: [reason]},
    apply,
  };
}

/**
 * Connectors we cannot plan (or not at this version: `warning` says why) are
 * migrated the way LoopBack does it, in foreign-key order.
 */
export function preparePassThrough(
  target: DataSourceTarget,
  dataSource: JugglerDataSource,
  connector: JugglerConnector,
  models: readonly string[],
  {options, warning}: {options: ResolvedMigrationOptions; warning: string},
): Prepared {
  const ordered = orderByForeignKeys(models, connector._models ?? {});
  const planned: Result = {
    name: target.name,
    connector: target.connectorName,
    status: 'planned',
    models: ordered,
    statements: [],
    warnings: [warning],
    durationMs: 0,
  };
  const apply = async (): Promise<Applied> => {
    await dataSource[options.operation](ordered);
    return {status: 'migrated'};
  };
  return {target, planned, losses: [], failures: [], apply};
}
