import type {DataSourceTarget} from './discovery/data-sources';
import {MigrationFailedError, SchemaMigrationError} from './errors';
import type {ResolvedMigrationOptions} from './options';
import {ApplyError} from './runner/apply';
import type {DataSourceMigrationResult, SchemaMigrationReport} from './types';

type Result = DataSourceMigrationResult;

/** The result of a datasource whose planning or apply failed. */
export function failedResult(
  target: DataSourceTarget,
  err: unknown,
  durationMs: number,
): Result {
  return {
    name: target.name,
    connector: target.connectorName,
    status: 'failed',
    reason: err instanceof Error ? err.message : String(err),
    models: [...target.attachedModels],
    statements: [],
    warnings: [],
    durationMs,
  };
}

/**
 * The error a run throws for a datasource's failure: ours as they are, a
 * failed statement with what was applied before it.
 */
export function failure(
  target: DataSourceTarget,
  err: unknown,
  report: SchemaMigrationReport,
  options: ResolvedMigrationOptions,
  statements: Result['statements'] = [],
): Error {
  if (err instanceof SchemaMigrationError) return err;
  const where = `Schema ${options.operation} of datasource "${target.name}" (${target.connectorName})`;
  if (!(err instanceof ApplyError)) {
    const message = `${where} failed: ${err instanceof Error ? err.message : String(err)}`;
    return new MigrationFailedError(message, target.name, report, {cause: err});
  }
  const failed = statements[err.index];
  const applied = err.rolledBack ? [] : statements.slice(0, err.index);
  const message =
    `${where} failed${failed?.model ? ` on model ${failed.model}` : ''}: ${err.message}` +
    (failed ? `\n  statement: ${failed.sql}` : '') +
    (err.rolledBack
      ? '\nThe transaction was rolled back: nothing was changed.'
      : `\n${applied.length} earlier statement(s) of this datasource were applied and stay applied` +
        ' (this database commits each DDL statement)' +
        applied.map(s => `\n  applied: ${s.sql}`).join(''));
  return new MigrationFailedError(message, target.name, report, {
    cause: err.cause ?? err,
    model: failed?.model,
    sql: failed?.sql,
    applied,
  });
}
