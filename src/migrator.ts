import {debugLogger} from './debug';
import type {Context} from '@loopback/core';
import {dialectFor} from './dialects';
import {findDataSources, type DataSourceTarget} from './discovery/data-sources';
import {selectTargets} from './discovery/selection';
import {tableOwnership} from './discovery/table-ownership';
import {failedResult, failure} from './migration-failure';
import {refuseBeforeChanges} from './refusals';
import {
  ensureConnected,
  stopWatchingConnectionErrors,
  type JugglerConnector,
  type JugglerDataSource,
} from './juggler';
import {
  resolveMigrationOptions,
  unknownKeysWarning,
  type ResolvedMigrationOptions,
} from './options';
import {assessDataLoss, type DataLoss} from './planner/data-loss';
import {orderByForeignKeys} from './planner/model-order';
import {planDataSource} from './planner/plan';
import type {TableOwnership} from './planner/unmodelled';
import {predictFailures, type PredictedFailure} from './planner/will-fail';
import {applyStatements} from './runner/apply';
import {acquireMigrationLock, type MigrationLock} from './runner/lock';
import {poolWait} from './runner/pool-wait';
import {
  planOwnMigration,
  runOwnMigration,
  type OwnMigration,
} from './runner/own-method';
import {
  prepareScriptRun,
  runPendingScripts,
  scriptsOfPhase,
} from './scripts/run-pending';
import type {
  DataSourceMigrationResult,
  SchemaMigrationOptions,
  SchemaMigrationReport,
} from './types';

const debug = debugLogger();

type Result = DataSourceMigrationResult;

const beforeSchemaWarning =
  "migration scripts with runs = 'before-schema' are pending: this dry run " +
  'planned the schema against the database as it is; a real run plans it ' +
  'after they ran';

/** One datasource after planning: what it would do, and how to do it. */
interface Prepared {
  readonly target: DataSourceTarget;
  readonly planned: Result;
  readonly losses: readonly DataLoss[];
  readonly failures: readonly PredictedFailure[];
  /** Absent for skipped datasources. */
  readonly apply?: () => Promise<Applied>;
}

/** What applying one datasource did. */
interface Applied {
  readonly status: Result['status'];
  /** The statements it ran, where they are known only once they ran. */
  readonly statements?: Result['statements'];
}

/**
 * Migrates the schemas of an application's datasources: the engine behind
 * the mixin's `migrateSchema()` and `planSchemaMigration()`.
 *
 * A run takes each datasource's migration lock, plans every datasource,
 * refuses (before any change) when the database would reject a statement
 * with the data it holds, or an autoupdate would destroy stored data, then
 * applies the plans one datasource after the other, runs the pending
 * migration scripts, and releases the locks, also on failure.
 */
export class SchemaMigrator {
  constructor(private readonly app: Context) {}

  /**
   * Plan and (unless `dryRun`) apply the migration of every selected
   * datasource. Stops at the first failure with a {@link MigrationFailedError}
   * whose `report` says what was done.
   */
  async migrate(
    options?: SchemaMigrationOptions,
  ): Promise<SchemaMigrationReport> {
    const resolved = resolveMigrationOptions(options);
    const targets = await findDataSources(this.app, resolved.operation);
    const selected = selectTargets(targets, resolved);
    const results: Result[] = [];
    const optionsWarning = unknownKeysWarning(resolved.unknownKeys);
    const report: SchemaMigrationReport = {
      operation: resolved.operation,
      dryRun: resolved.dryRun,
      dataSources: results,
      scripts: [],
      warnings: optionsWarning ? [optionsWarning] : [],
    };
    const locks: MigrationLock[] = [];
    // Two datasources of one run on one database share its lock.
    const lockOwner = {};
    try {
      // Scripts are loaded and checked before anything changes.
      const scripts = await prepareScriptRun(this.app, targets, resolved);
      const holding = {
        locks,
        owner: lockOwner,
        terminateOrphans: resolved.terminateOrphanedMigrations,
      };
      // Back-fills that make the schema change possible run first, under
      // the same locks; the sync is planned against what they leave.
      const before = scriptsOfPhase(scripts, 'before-schema');
      await runPendingScripts(before, report, resolved, holding);
      if (resolved.dryRun && report.scripts.some(s => s.status === 'pending')) {
        report.warnings.push(beforeSchemaWarning);
      }
      const prepared: Prepared[] = [];
      const owned = await tableOwnership(this.app, targets);
      for (const {target, models} of selected) {
        const started = performance.now();
        try {
          const item = await prepare(target, models, {
            options: resolved,
            locks,
            lockOwner,
            owned,
          });
          prepared.push(item);
          results.push({...item.planned, durationMs: since(started)});
        } catch (err) {
          results.push(failedResult(target, err, since(started)));
          throw failure(target, err, report, resolved);
        }
      }
      if (!resolved.dryRun) refuseBeforeChanges(prepared, report, resolved);
      if (!resolved.dryRun) await applyAll(prepared, results, report, resolved);
      const after = scriptsOfPhase(scripts, 'after-schema');
      await runPendingScripts(after, report, resolved, holding);
      return report;
    } finally {
      for (const {dataSource} of targets) {
        if (dataSource) stopWatchingConnectionErrors(dataSource);
      }
      for (const lock of locks.reverse()) {
        await lock
          .release()
          .catch((err: unknown) => debug('releasing a lock failed: %s', err));
      }
    }
  }
}

/** What preparing one datasource needs from the run. */
interface RunContext {
  readonly options: ResolvedMigrationOptions;
  /** The locks the run holds (a datasource's lock is added to it). */
  readonly locks: MigrationLock[];
  /** Datasources of one run on one database share its lock. */
  readonly lockOwner: object;
  /** Which tables belong to the app. */
  readonly owned: TableOwnership;
}

async function prepare(
  target: DataSourceTarget,
  models: readonly string[],
  {options, locks, lockOwner, owned}: RunContext,
): Promise<Prepared> {
  const base = {
    name: target.name,
    connector: target.connectorName,
    statements: [],
    warnings: [],
    durationMs: 0,
  };
  const {dataSource, ownMigration} = target;
  if (ownMigration) {
    return prepareOwnMigration(
      {...target, ownMigration},
      options,
      locks,
      lockOwner,
    );
  }
  const connector = dataSource?.connector;
  if (target.skipReason || !dataSource || !connector) {
    return {
      target,
      losses: [],
      failures: [],
      planned: {
        ...base,
        models: [...models],
        status: 'skipped',
        reason: target.skipReason,
      },
    };
  }
  if (models.length === 0) {
    const reason = options.models
      ? 'none of the requested models is attached to it'
      : 'no models are attached to it';
    return {
      target,
      losses: [],
      failures: [],
      planned: {...base, models: [], status: 'skipped', reason},
    };
  }
  await ensureConnected(dataSource);
  if (!options.dryRun) {
    const lock = await acquireMigrationLock(connector, {
      timeoutMs: options.lockTimeoutMs,
      owner: lockOwner,
      terminateOrphans: options.terminateOrphanedMigrations,
    });
    if (lock) locks.push(lock);
  }
  const dialect = dialectFor(target.connectorName);
  if (!dialect)
    return preparePassThrough(target, dataSource, connector, models, options);

  const plan = await planDataSource(
    target.name,
    connector,
    dialect,
    models,
    options.operation,
    owned,
  );
  const {statements, losses, failures, warnings} = await predictFailures(
    target.name,
    connector,
    dialect,
    await assessDataLoss(target.name, connector, dialect, plan.statements),
  );
  const planned: Result = {
    ...base,
    models: plan.models,
    statements,
    warnings: [...plan.warnings, ...warnings],
    // A plan with nothing to do says so, in a dry run as after an apply.
    status: statements.length > 0 ? 'planned' : 'up-to-date',
  };
  const apply = async (): Promise<Applied> => {
    await applyStatements(
      dialect,
      connector,
      statements,
      poolWait(target.name, options.lockTimeoutMs),
    );
    return {status: statements.length > 0 ? 'migrated' : 'up-to-date'};
  };
  return {target, planned, losses, failures, apply};
}

/**
 * A datasource migrated by its own method, as LoopBack does it. A dry run
 * captures what it would send on PostgreSQL and MySQL, and does not call it
 * elsewhere; a real run calls it under the migration lock and reports the
 * statements it sent.
 */
async function prepareOwnMigration(
  target: OwnMigration['target'],
  options: ResolvedMigrationOptions,
  locks: MigrationLock[],
  lockOwner: object,
): Promise<Prepared> {
  const own: OwnMigration = {
    target,
    operation: options.operation,
    models: options.models ? [...options.models] : undefined,
    dialect: dialectFor(target.connectorName),
  };
  const {reason} = target.ownMigration;
  const base = {
    name: target.name,
    connector: target.connectorName,
    models: [...(options.models ?? target.attachedModels)],
    durationMs: 0,
  };
  if (options.dryRun) {
    const statements = await planOwnMigration(own);
    const unplanned =
      `a dry run does not call it: the ${target.connectorName} connector's ` +
      'statements cannot be captured, so it would run for real';
    return {
      target,
      losses: [],
      failures: [],
      planned: {
        ...base,
        status: 'planned',
        statements: statements ?? [],
        warnings: statements ? [reason] : [reason, unplanned],
      },
    };
  }
  const {dataSource} = target;
  if (own.dialect && dataSource?.connector) {
    await ensureConnected(dataSource);
    const lock = await acquireMigrationLock(dataSource.connector, {
      timeoutMs: options.lockTimeoutMs,
      owner: lockOwner,
      terminateOrphans: options.terminateOrphanedMigrations,
    });
    if (lock) locks.push(lock);
  }
  const apply = async (): Promise<Applied> => ({
    status: 'migrated',
    statements: await runOwnMigration(own),
  });
  return {
    target,
    losses: [],
    failures: [],
    planned: {...base, status: 'planned', statements: [], warnings: [reason]},
    apply,
  };
}

/** Connectors we cannot plan are migrated the way LoopBack does it, in foreign-key order. */
function preparePassThrough(
  target: DataSourceTarget,
  dataSource: JugglerDataSource,
  connector: JugglerConnector,
  models: readonly string[],
  options: ResolvedMigrationOptions,
): Prepared {
  const ordered = orderByForeignKeys(models, connector._models ?? {});
  const warning =
    `the ${target.connectorName} connector's statements cannot be planned; ` +
    `it runs ${options.operation} as LoopBack does`;
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

async function applyAll(
  prepared: readonly Prepared[],
  results: Result[],
  report: SchemaMigrationReport,
  options: ResolvedMigrationOptions,
): Promise<void> {
  for (const [index, item] of prepared.entries()) {
    if (!item.apply) continue;
    const started = performance.now();
    try {
      const applied = await item.apply();
      results[index] = {
        ...results[index],
        ...applied,
        durationMs: results[index].durationMs + since(started),
      };
      debug('%s: %s', item.target.name, applied.status);
    } catch (err) {
      const failed = failedResult(
        item.target,
        err,
        results[index].durationMs + since(started),
      );
      results[index] = {
        ...results[index],
        ...failed,
        statements: results[index].statements,
      };
      for (const later of prepared.slice(index + 1)) {
        const at = prepared.indexOf(later);
        if (later.apply) {
          results[at] = {
            ...results[at],
            status: 'skipped',
            reason: `not applied: datasource "${item.target.name}" failed before it`,
          };
        }
      }
      throw failure(
        item.target,
        err,
        report,
        options,
        results[index].statements,
      );
    }
  }
}

function since(started: number): number {
  return Math.round(performance.now() - started);
}
