import {connectionHint} from './connection-hint';
import {errorMessage} from './database-error';
import {alreadyExistsHint} from './exists-hint';
import type {DataSourceTarget} from './discovery/data-sources';
import {MigrationFailedError, SchemaMigrationError} from './errors';
import type {ResolvedMigrationOptions} from './options';
import {pgOnlineFailureHint} from './dialects/postgresql/online-failure-hint';
import {privilegeHint} from './privilege-hint';
import {ApplyError} from './runner/apply-error';
import type {
  DataSourceMigrationResult,
  PlannedStatement,
  SchemaMigrationReport,
} from './types';

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
    reason: errorMessage(err),
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
    const message = `${where} failed: ${errorMessage(err)}${connectionHint(err)}${privilegeHint(err)}`;
    return new MigrationFailedError(message, target.name, report, {cause: err});
  }
  const failed = err.index === undefined ? undefined : statements[err.index];
  const applied =
    err.rolledBack || err.outcomeUnknown
      ? statements.slice(0, err.committed)
      : err.index === undefined
        ? []
        : statements.slice(0, err.index);
  const message =
    `${where} failed${failed?.model ? ` on model ${failed.model}` : ''}: ${err.message}` +
    (failed ? `\n  statement: ${failed.sql}` : '') +
    unlocatedOrLost(err) +
    (err.outcomeUnknown
      ? unknownOutcome(applied)
      : err.rolledBack
        ? rolledBack(applied)
        : `\n${applied.length} earlier statement(s) of this datasource were applied and stay applied` +
          (err.online
            ? ' (the online phases commit one at a time; run the migration again to complete it: ' +
              'the next run plans what is left, and rebuilds an index whose build failed)'
            : ' (this database commits each DDL statement)') +
          applied.map(s => `\n  applied: ${s.sql}`).join('') +
          (err.online ? pgOnlineFailureHint(failed, err.cause) : '')) +
    privilegeHint(err.cause) +
    alreadyExistsHint(err.cause);
  return new MigrationFailedError(message, target.name, report, {
    cause: err.cause ?? err,
    model: failed?.model,
    sql: failed?.sql,
    applied,
  });
}

/** What a rolled-back transaction leaves: nothing, or the plan's earlier transactions. */
function rolledBack(committed: readonly PlannedStatement[]): string {
  if (committed.length === 0) {
    return '\nThe transaction was rolled back: nothing was changed.';
  }
  return (
    `\nThis transaction was rolled back; the ${committed.length} statement(s) of the plan's ` +
    'earlier transactions were committed and stay committed (the plan runs in several ' +
    "transactions: it is too large for the server's lock table, see its warning); " +
    "run the migration again to complete it: the next run plans what is left (the error's " +
    '`applied` lists them)'
  );
}

/**
 * A transaction the server got whole (`COMMIT` included) whose answer never
 * came: it commits only under the migration lock, which ends with the run.
 */
function unknownOutcome(committed: readonly PlannedStatement[]): string {
  return (
    '\nThe connection broke before the database answered: whether the transaction was committed ' +
    'is not known. The server got it whole, with its COMMIT, and commits it only while this ' +
    "run's migration lock is held: it either committed it before the run ended, or rolls it back." +
    (committed.length > 0
      ? ` The ${committed.length} statement(s) of the plan's earlier transactions were committed ` +
        "and stay committed (the error's `applied` lists them)."
      : '') +
    '\nRun the migration again: it waits for that transaction if the server still runs it, ' +
    'and plans from the database as it is (`--dry-run` shows what is left without changing anything).'
  );
}

function unlocatedOrLost(err: ApplyError): string {
  if (err.outcomeUnknown) return '';
  if (err.connectionLost) {
    return (
      '\nThe database ended the connection while it ran' +
      (err.rolledBack
        ? ' (and rolls back the transaction of a session that ends before COMMIT).'
        : ': whether that statement took effect is not known; the next run plans from the database as it is.')
    );
  }
  if (err.index !== undefined) return '';
  if (err.cancelled) {
    return (
      '\nAn operator cancelled it, which this run takes as an order to stop: not replayed ' +
      'to name the statement, so that none runs again. Run the migration again when the tables ' +
      'it changes may be locked (the plan says for how long).'
    );
  }
  return (
    '\nReplayed one statement at a time in a transaction that was rolled back, ' +
    'no statement failed that way: the failure depended on what ran at the same time. Run again.'
  );
}
