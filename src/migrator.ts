import debugFactory from 'debug';
import {dialectFor} from './dialects';
import {ensureConnected} from './juggler';
import {
  findDataSources,
  type BindingSource,
  type DataSourceTarget,
} from './discovery/data-sources';
import {selectTargets} from './discovery/selection';
import {MigrationFailedError} from './errors';
import {DEBUG_NAMESPACE} from './keys';
import {
  resolveMigrationOptions,
  type ResolvedMigrationOptions,
} from './options';
import {orderByForeignKeys} from './planner/model-order';
import {planDataSource, type DataSourcePlan} from './planner/plan';
import {ApplyError, applyStatements} from './runner/apply';
import type {
  DataSourceMigrationResult,
  PlannedStatement,
  SchemaMigrationOptions,
  SchemaMigrationReport,
} from './types';

const debug = debugFactory(DEBUG_NAMESPACE);

/**
 * Migrates the schemas of an application's datasources: the engine behind
 * the mixin's `migrateSchema()` and `planSchemaMigration()`.
 */
export class SchemaMigrator {
  constructor(private readonly app: BindingSource) {}

  /**
   * Plan and (unless `dryRun`) apply the migration of every selected
   * datasource, one after the other. Stops at the first failure with a
   * {@link MigrationFailedError} whose `report` says what was done.
   */
  async migrate(
    options?: SchemaMigrationOptions,
  ): Promise<SchemaMigrationReport> {
    const resolved = resolveMigrationOptions(options);
    const targets = await findDataSources(this.app, resolved.operation);
    const selected = selectTargets(targets, resolved);
    const results: DataSourceMigrationResult[] = [];
    const report: SchemaMigrationReport = {
      operation: resolved.operation,
      dryRun: resolved.dryRun,
      dataSources: results,
    };
    for (const {target, models} of selected) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      try {
        const result = await this.migrateDataSource(target, models, resolved);
        results.push({...result, durationMs: elapsed()});
      } catch (err) {
        const failure = describeFailure(target, err, resolved);
        results.push({...failure.result, durationMs: elapsed()});
        throw new MigrationFailedError(
          failure.message,
          target.name,
          report,
          failure.details,
        );
      }
      debug('%s: %s', target.name, results[results.length - 1].status);
    }
    return report;
  }

  private async migrateDataSource(
    target: DataSourceTarget,
    models: readonly string[],
    options: ResolvedMigrationOptions,
  ): Promise<Omit<DataSourceMigrationResult, 'durationMs'>> {
    const base = {
      name: target.name,
      connector: target.connectorName,
      statements: [],
      warnings: [],
    };
    const {dataSource} = target;
    const connector = dataSource?.connector;
    if (target.skipReason || !dataSource || !connector) {
      return {
        ...base,
        models: [...models],
        status: 'skipped',
        reason: target.skipReason,
      };
    }
    if (models.length === 0) {
      return {
        ...base,
        models: [],
        status: 'skipped',
        reason: options.models
          ? 'none of the requested models is attached to it'
          : 'no models are attached to it',
      };
    }
    await ensureConnected(dataSource);

    const dialect = dialectFor(target.connectorName);
    if (!dialect) {
      // Connectors we cannot plan are migrated the way LoopBack does it, in
      // foreign-key order.
      const ordered = orderByForeignKeys(models, connector._models ?? {});
      const warning = `the ${target.connectorName} connector's statements cannot be planned; it runs ${options.operation} as LoopBack does`;
      if (options.dryRun) {
        return {
          ...base,
          models: ordered,
          status: 'planned',
          warnings: [warning],
        };
      }
      await dataSource[options.operation](ordered);
      return {
        ...base,
        models: ordered,
        status: 'migrated',
        warnings: [warning],
      };
    }

    const plan = await planDataSource(
      target.name,
      connector,
      dialect,
      models,
      options.operation,
    );
    const planned = {
      ...base,
      models: plan.models,
      statements: plan.statements,
      warnings: plan.warnings,
    };
    if (options.dryRun) return {...planned, status: 'planned'};
    try {
      await applyStatements(dialect, connector, plan.statements);
    } catch (err) {
      throw new PlanFailure(plan, err);
    }
    return {
      ...planned,
      status: plan.statements.length > 0 ? 'migrated' : 'up-to-date',
    };
  }
}

/** A failure while applying a plan, with the plan it belongs to. */
class PlanFailure extends Error {
  constructor(
    readonly plan: DataSourcePlan,
    readonly error: unknown,
  ) {
    super('plan failed');
  }
}

function describeFailure(
  target: DataSourceTarget,
  err: unknown,
  options: ResolvedMigrationOptions,
): {
  message: string;
  result: Omit<DataSourceMigrationResult, 'durationMs'>;
  details: ConstructorParameters<typeof MigrationFailedError>[3];
} {
  const plan = err instanceof PlanFailure ? err.plan : undefined;
  const cause = err instanceof PlanFailure ? err.error : err;
  const where = `Schema ${options.operation} of datasource "${target.name}" (${target.connectorName})`;
  let message: string;
  let details: ConstructorParameters<typeof MigrationFailedError>[3] = {cause};
  if (plan && cause instanceof ApplyError) {
    const failed: PlannedStatement | undefined = plan.statements[cause.index];
    const applied = cause.rolledBack
      ? []
      : plan.statements.slice(0, cause.index);
    message =
      `${where} failed${failed?.model ? ` on model ${failed.model}` : ''}: ${cause.message}` +
      (failed ? `\n  statement: ${failed.sql}` : '') +
      (cause.rolledBack
        ? '\nThe transaction was rolled back: nothing was changed.'
        : `\n${applied.length} earlier statement(s) of this datasource were applied and stay applied` +
          ' (this database commits each DDL statement)' +
          applied.map(s => `\n  applied: ${s.sql}`).join(''));
    details = {
      cause: cause.cause ?? cause,
      model: failed?.model,
      sql: failed?.sql,
      applied,
    };
  } else {
    message = `${where} failed: ${cause instanceof Error ? cause.message : String(cause)}`;
  }
  return {
    message,
    details,
    result: {
      name: target.name,
      connector: target.connectorName,
      status: 'failed',
      reason: message,
      models: plan?.models ?? [...target.attachedModels],
      statements: plan?.statements ?? [],
      warnings: plan?.warnings ?? [],
    },
  };
}
