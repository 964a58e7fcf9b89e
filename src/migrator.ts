import {debugLogger} from './debug';
import type {Context} from '@loopback/core';
import type {DataSourceTarget} from './discovery/data-sources';
import {selectTargets} from './discovery/selection';
import {appTables} from './discovery/table-ownership';
import {failedResult, failure} from './migration-failure';
import {refuseBeforeChanges} from './refusals';
import {
  resolveMigrationOptions,
  unknownKeysWarning,
  type ResolvedMigrationOptions,
} from './options';
import type {PlanGuard} from './runner/guard';
import {FingerprintPrefetch} from './runner/fast-path-prefetch';
import {
  databaseLane,
  PLANNING_CONCURRENCY,
  settleInLanes,
} from './runner/concurrency';
import {ledgerTableParts} from './scripts/ledger';
import {ledgerTableOf} from './scripts/ledger-table';
import {withRunScope, type LockHolding} from './runner/run-scope';
import type {Prepared} from './runner/stock-path';
import {prepare} from './runner/prepare';
import {LockOrder} from './runner/lock-order';
import {prepareScriptRun, scriptsOfPhase} from './scripts/script-run';
import {refuseChanged, runPending} from './scripts/script-steps';
import {checkSchemaDrift} from './scripts/drift';
import {markPlansBeforeScripts} from './scripts/before-schema-plan';
import {noteStaleBuildFiles} from './discovery/stale-build-failure';
import {
  staleBuildFiles,
  staleBuildFileWarning,
  type StaleBuildFile,
} from './discovery/stale-build-files';
import {untaggedRepositoryWarnings} from './discovery/untagged-repositories';
import {modelLocations, modelsElsewhere} from './runner/models-elsewhere';
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

/** The report's warning for `dataSources: []`. */
const NO_DATASOURCE_SELECTED =
  'dataSources: [] selects no datasource: no schema was synced and no ' +
  'migration script ran (leave the option out to migrate every datasource)';

/** The report's warning for an app with no datasource bound (not booted yet). */
const NO_DATASOURCE_BOUND =
  "no datasource is bound (no binding tagged 'datasource'): nothing was " +
  'migrated. An app with BootMixin binds its datasources in app.boot(): ' +
  'call it before migrateSchema()';

/** The report's warning for `models: []`. */
const NO_MODEL_SELECTED =
  'models: [] selects no model: no schema was synced (leave the option out ' +
  'to migrate every model; migration scripts are not filtered by models)';

/**
 * Migrates the schemas of an application's datasources: the engine behind
 * the mixin's `migrateSchema()` and `planSchemaMigration()`.
 *
 * A run takes each datasource's migration lock, plans every datasource
 * (independent ones at the same time: `runner/concurrency.ts`),
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
    // Read from disk while the run waits for the database.
    const staleFiles = staleBuildFiles(this.app);
    // Awaited by migrateTargets(), or put on a failure before its report.
    staleFiles.catch(() => undefined);
    const prefetch = new FingerprintPrefetch(this.app, resolved, staleFiles);
    const lifecycle = {
      operation: resolved.operation,
      terminateOrphans: resolved.terminateOrphanedMigrations,
      beforeRepositories: prefetch.start,
      onProgress: resolved.onProgress,
    };
    return withRunScope(this.app, lifecycle, async ({targets, holding}) => {
      try {
        return await migrateTargets(
          this.app,
          targets,
          holding,
          resolved,
          prefetch,
          staleFiles,
        );
      } finally {
        await prefetch.settled();
      }
    }).catch(async (err: unknown) => {
      // A stale repository whose model is gone fails before the report.
      await noteStaleBuildFiles(err, staleFiles);
      throw err;
    });
  }
}

/** One run over the app's datasources, under its scope's locks. */
async function migrateTargets(
  app: Context,
  targets: readonly DataSourceTarget[],
  holding: LockHolding,
  resolved: ResolvedMigrationOptions,
  prefetch: FingerprintPrefetch,
  staleFiles: Promise<StaleBuildFile[]>,
): Promise<SchemaMigrationReport> {
  const selected = selectTargets(targets, resolved);
  const results: Result[] = [];
  const optionsWarning = unknownKeysWarning(resolved.unknownKeys);
  const report: SchemaMigrationReport = {
    operation: resolved.operation,
    dryRun: resolved.dryRun,
    dataSources: results,
    scripts: [],
    warnings: [
      ...(optionsWarning ? [optionsWarning] : []),
      ...(targets.length === 0 ? [NO_DATASOURCE_BOUND] : []),
      ...(resolved.dataSources?.length === 0 ? [NO_DATASOURCE_SELECTED] : []),
      ...(resolved.models?.length === 0 ? [NO_MODEL_SELECTED] : []),
      ...untaggedRepositoryWarnings(app),
      ...(await staleFiles).map(stale =>
        staleBuildFileWarning(stale, resolved.dryRun ? 'plans' : 'migrated'),
      ),
    ],
  };
  const guards: PlanGuard[] = [];
  try {
    // Scripts are loaded and checked before anything changes.
    const scripts = await prepareScriptRun(app, targets, resolved);
    // Back-fills that make the schema change possible run first, under
    // the same locks; the sync is planned against what they leave.
    const before = scriptsOfPhase(scripts, 'before-schema');
    // A changed applied script refuses the run before a script changes anything.
    if (before) await refuseChanged(scripts, report, resolved);
    await runPending(before, report, resolved, holding);
    // A dry run lists them (pending) and plans without them.
    const pendingBefore = report.scripts.filter(s => s.status === 'pending');
    // schemaSource: 'scripts': only scripts change the schema, all of them
    // before the models are compared (planned, never applied).
    const scriptsOnly = resolved.schemaSource === 'scripts';
    if (scriptsOnly) {
      const after = scriptsOfPhase(scripts, 'after-schema');
      await runPending(after, report, resolved, holding);
    }
    const planOptions = scriptsOnly ? {...resolved, dryRun: true} : resolved;
    if (
      resolved.dryRun &&
      !scriptsOnly &&
      report.scripts.some(s => s.status === 'pending')
    ) {
      report.warnings.push(beforeSchemaWarning);
    }
    const prepared: Prepared[] = [];
    const {owned, ownership} = await appTables(app, targets);
    const ledgerTable = ledgerTableParts(await ledgerTableOf(app));
    // Independent datasources are planned at the same time; the report
    // keeps their order and stops at the first that failed (runner/concurrency.ts).
    const context = {
      options: planOptions,
      holding,
      owned,
      elsewhere: modelsElsewhere(targets),
      ownership,
      modelLocations: modelLocations(targets),
      guards,
      report,
      ledgerTable,
      // Read before any script changed the schema: stale if one did.
      prefetch: report.scripts.some(s => s.status === 'applied')
        ? undefined
        : prefetch,
      modelHomes: new Map(
        targets.flatMap(t => t.attachedModels.map(m => [m, t.name] as const)),
      ),
    };
    const durations = new Map<DataSourceTarget, number>();
    const lockOrder = new LockOrder(
      selected.map(({target}) => databaseLane(target)),
    );
    const planned = await settleInLanes(
      selected,
      ({target}) => databaseLane(target),
      PLANNING_CONCURRENCY,
      async ({target, models}) => {
        const started = performance.now();
        const lane = databaseLane(target);
        try {
          return await prepare(target, models, {
            ...context,
            lockTurn: lockOrder.turnOf(lane),
          });
        } finally {
          lockOrder.finished(lane);
          durations.set(target, since(started));
        }
      },
    );
    for (const [index, outcome] of planned.entries()) {
      const {target} = selected[index];
      const ms = durations.get(target) ?? 0;
      if (outcome.status === 'rejected') {
        results.push(failedResult(target, outcome.reason, ms));
        throw failure(target, outcome.reason, report, resolved);
      }
      prepared.push(outcome.value);
      // Answered from its sources: its read was the work, done before.
      const read = target.answered?.durationMs ?? 0;
      results.push({...outcome.value.planned, durationMs: ms + read});
    }
    if (scriptsOnly) {
      checkSchemaDrift(report, resolved);
      return report;
    }
    if (resolved.dryRun) {
      // Refusals of a plan made before pending back-fills are not final.
      results.splice(
        0,
        results.length,
        ...markPlansBeforeScripts(results, pendingBefore, resolved),
      );
    }
    const after = scriptsOfPhase(scripts, 'after-schema');
    if (!resolved.dryRun) {
      refuseBeforeChanges(prepared, report, resolved);
      await refuseChanged(after, report, resolved);
    }
    // The guards of the plans made (their module is loaded with them).
    if (guards.length > 0) {
      const {installGuards} = await import('./runner/guard');
      await installGuards(guards, report, resolved);
    }
    if (!resolved.dryRun) await applyAll(prepared, results, report, resolved);
    await runPending(after, report, resolved, holding);
    return report;
  } finally {
    if (guards.length > 0) {
      const {releaseGuards} = await import('./runner/guard');
      await releaseGuards(guards, report);
    }
  }
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
