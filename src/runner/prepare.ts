import type {DataSourceTarget} from '../discovery/data-sources';
import {connectorSupport} from './connector-support';
import {ensureConnected} from '../juggler';
import {orderByForeignKeys} from '../planner/model-order';
import type {PredictedFailure} from '../planner/will-fail';
import type {DataSourceMigrationResult, SchemaMigrationReport} from '../types';
import {checkFingerprint} from './fast-path';
import type {FingerprintPrefetch} from './fast-path-prefetch';
import type {PlanContext} from './guarded-plan';
import {lockGuard} from './lock-guard';
import {poolReadyWithin, poolWait} from './pool-wait';
import {
  forgetRecordedModels,
  modelsLeftWarning,
  recordedModels,
} from './modelless-row';
import type {LockTurn} from './lock-order';
import {holdLockInTurn, type LockHolding} from './run-scope';
import {memoryFileNote} from './memory-file';
import {
  prepareOwnMigration,
  preparePassThrough,
  reportOnly,
  type Applied,
  type Prepared,
} from './stock-path';

type Result = DataSourceMigrationResult;

/** What preparing one datasource needs from the run. */
export interface RunContext extends PlanContext {
  /** What `owned` is read from (`AppTables.ownership`), for the fingerprint. */
  readonly ownership: readonly string[];
  /** Where each model of the app is, seen from a datasource, for its fingerprint. */
  readonly modelLocations: (target: DataSourceTarget) => readonly string[];
  /** The run's locks (a datasource's lock is added to them). */
  readonly holding: LockHolding;
  /** The run's report, for the message of a lost lock. */
  readonly report: SchemaMigrationReport;
  /** The fast path's reads sent early, when still current. */
  readonly prefetch?: FingerprintPrefetch;
  /** When this datasource may take its lock (see `LockOrder`). */
  readonly lockTurn?: LockTurn;
  /** The datasource each model of the app is attached to. */
  readonly modelHomes: ReadonlyMap<string, string>;
}

/**
 * Prepare one datasource of a run: skip it (no models, no connector), let
 * its own `autoupdate` / stock path handle it, answer it from the
 * fingerprint fast path, or take its lock and judge its plan. Resolves to
 * what the run applies later (`apply`) and what it refuses.
 */
export async function prepare(
  target: DataSourceTarget,
  models: readonly string[],
  context: RunContext,
): Promise<Prepared> {
  const {options, report} = context;
  const base = {
    name: target.name,
    connector: target.connectorName,
    statements: [],
    warnings: [],
    durationMs: 0,
  };
  const {dataSource, ownMigration} = target;
  // Skipped first for the models it was asked to migrate: with none of
  // them attached, what its connector cannot do is beside the point.
  if (models.length === 0 && options.models) {
    const reason = 'none of the requested models is attached to it';
    return reportOnly(target, {...base, models: [], status: 'skipped', reason});
  }
  if (ownMigration) {
    return prepareOwnMigration({...target, ownMigration}, models, context);
  }
  const connector = dataSource?.connector;
  if (target.skipReason || !dataSource || !connector) {
    return reportOnly(target, {
      ...base,
      models: [...models],
      status: 'skipped',
      reason: target.skipReason,
    });
  }
  if (models.length === 0) {
    const reason = 'no models are attached to it';
    const recorded = await recordedModels(context.prefetch?.readOf(dataSource));
    const unrecorded =
      options.dryRun || recorded.length === 0
        ? undefined
        : await forgetRecordedModels(target, connector, context.ledgerTable);
    return reportOnly(target, {
      ...base,
      models: [],
      status: 'skipped',
      reason,
      warnings: [
        ...(recorded.length > 0
          ? [modelsLeftWarning(recorded, context.modelHomes)]
          : []),
        ...(unrecorded ? [unrecorded] : []),
      ],
    });
  }
  if (target.answered) {
    // Up to date from its sources: the repositories were not even resolved.
    return reportOnly(target, {
      ...base,
      models: [...models],
      status: 'up-to-date',
      warnings: [...target.answered.warnings],
    });
  }
  await ensureConnected(dataSource);
  const {dialect, connectorVersion, untested} = connectorSupport(
    target.connectorName,
    dataSource,
  );
  const wait = poolWait(target.name, options.lockTimeoutMs);
  const prefetched = context.prefetch?.readOf(dataSource);
  // A read sent early waited for the pool so already (and failed with it).
  if (dialect && !prefetched) {
    await poolReadyWithin(dialect, connector, wait, 'read its schema');
  }
  const check = (read: typeof prefetched) =>
    dialect && !untested
      ? checkFingerprint(
          {
            ...target,
            dataSource,
            connector,
            dialect,
            models,
            connectorVersion,
            ownership: [
              ...context.ownership,
              ...context.modelLocations(target),
            ],
          },
          context.ledgerTable,
          options,
          read,
        )
      : Promise.resolve(undefined);
  const upToDate = (found: {warnings: readonly string[]}) =>
    reportOnly(target, {
      ...base,
      models: orderByForeignKeys(models, connector._models ?? {}),
      status: 'up-to-date',
      warnings: [...found.warnings],
    });
  let fingerprint = await check(prefetched);
  // Nothing changed since the last successful run: no lock, no plan.
  if (fingerprint?.upToDate) return upToDate(fingerprint);
  const lock = options.dryRun
    ? undefined
    : await holdLockInTurn(
        connector,
        options.lockTimeoutMs,
        context.holding,
        context.lockTurn,
      );
  // The app may have taken every connection while the run waited for it.
  if (lock && dialect) {
    await poolReadyWithin(dialect, connector, wait, 'plan its changes');
  }
  // Another run held the lock (a replica migrating at the same start): the
  // catalog read before may be its old one, and the plan's verified digest
  // (see `record()`) must be the one it plans from: read again.
  if (lock?.waited && fingerprint) {
    fingerprint = await check(undefined);
    if (fingerprint?.upToDate) return upToDate(fingerprint);
  }
  // Loaded by the first run that plans: an up-to-date start never does.
  const [guard, {judgePlan}] = await Promise.all([
    import('./guard'),
    import('./guarded-plan'),
  ]);
  // Planning only reads: the guards a killed run left go meanwhile.
  const staleGuards = lock
    ? guard.removeStaleGuards(target.connectorName, connector)
    : Promise.resolve();
  if (!dialect || untested || !fingerprint) {
    await staleGuards;
    const warning =
      untested ??
      `the ${target.connectorName} connector's statements cannot be planned; ` +
        `it runs ${options.operation} as LoopBack does` +
        memoryFileNote(
          target.connectorName,
          dataSource.settings,
          options.operation,
        );
    return preparePassThrough(target, dataSource, connector, models, {
      options,
      warning,
    });
  }

  const [removed, judged] = await Promise.allSettled([
    staleGuards,
    judgePlan(
      target,
      connector,
      dialect,
      models,
      context,
      lockGuard(lock, target.name, report),
    ),
  ]);
  if (removed.status === 'rejected') throw removed.reason;
  if (judged.status === 'rejected') throw judged.reason;
  const plan = judged.value;
  const {statements, losses, failures} = plan;
  const planned: Result = {
    ...base,
    models: plan.models,
    statements,
    // A slow start explained: the run waited for a killed run's work.
    warnings: lock?.orphanNote
      ? [lock.orphanNote, ...plan.warnings]
      : plan.warnings,
    // A plan with nothing to do says so, in a dry run as after an apply.
    status: statements.length > 0 ? 'planned' : 'up-to-date',
  };
  const apply = async (): Promise<Applied> => {
    // Computed while the statements run (the database's time), if not yet.
    fingerprint.precompute();
    const {statements: ran, warnings: applyWarnings} = await plan.apply();
    const unrecorded = await fingerprint.record(
      planned.warnings,
      statements.length === 0,
    );
    const warnings = [
      ...planned.warnings,
      ...applyWarnings,
      ...(unrecorded ? [unrecorded] : []),
    ];
    return {
      status: statements.length > 0 ? 'migrated' : 'up-to-date',
      statements: ran,
      ...(warnings.length > planned.warnings.length && {warnings}),
    };
  };
  return {
    target,
    planned,
    losses,
    failures: [
      ...plan.refusals.filter(r => !judgedAgain(r, failures)),
      ...failures,
    ],
    apply,
  };
}

/**
 * Whether the failure predictions list a refusal of the plan already: they
 * judge every statement of a model again, with the plan's refusal in their
 * description, so it would be listed twice (a rebuild's refused drop).
 */
function judgedAgain(
  refusal: PredictedFailure,
  failures: readonly PredictedFailure[],
): boolean {
  return failures.some(f => f.sql === refusal.sql && f.model === refusal.model);
}
