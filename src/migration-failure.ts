import {connectionHint} from './connection-hint';
import {errorMessage} from './database-error';
import {alreadyExistsHint} from './exists-hint';
import type {DataSourceTarget} from './discovery/data-sources';
import {MigrationFailedError, SchemaMigrationError} from './errors';
import type {ResolvedMigrationOptions} from './options';
import {pgOnlineFailureHint} from './dialects/postgresql/online-failure-hint';
import {rolledBackUnchanged, unchangedAtFailure} from './failure-scope';
import {privilegeHint} from './privilege-hint';
import {ApplyError} from './runner/apply-error';
import {GuardError} from './runner/guard-error';
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
 * failed statement with what was applied before it (where nothing of the
 * datasource was, that nothing was changed, or what earlier in the run
 * stays: see `unchangedAtFailure`).
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
  if (err instanceof GuardError) {
    return guardFailure(where, err, unchangedAtFailure(report, target.name), {
      dataSource: target.name,
      report,
    });
  }
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
  const unchanged = changedNothing(err)
    ? unchangedAtFailure(report, target.name)
    : undefined;
  const message =
    `${where} failed${failed?.model ? ` on model ${failed.model}` : ''}: ${err.message}` +
    (failed ? `\n  statement: ${failed.sql}` : '') +
    unlocatedOrLost(err) +
    (err.outcomeUnknown
      ? unknownOutcome(applied)
      : err.rolledBack
        ? rolledBack(applied, unchanged)
        : unchanged !== undefined
          ? `\n${unchanged}`
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

/**
 * Whether the failure left the datasource as it was: its transaction was
 * rolled back before any other committed, or (where each DDL statement
 * commits) its first statement failed, with the connection still there to
 * say so.
 */
function changedNothing(err: ApplyError): boolean {
  return (
    !err.outcomeUnknown &&
    err.committed === 0 &&
    (err.rolledBack || (err.index === 0 && !err.connectionLost && !err.online))
  );
}

/**
 * A guard the database refused, before the plan changed anything: the
 * statement that failed, and what stays changed (`unchanged`).
 */
function guardFailure(
  where: string,
  err: GuardError,
  unchanged: string,
  {dataSource, report}: Pick<MigrationFailedError, 'dataSource' | 'report'>,
): MigrationFailedError {
  const message =
    `${where} failed on model ${err.model}, ${err.step} the data-loss guard of its change ` +
    `(see "Writes during the run" in the README): ${err.message}` +
    (err.sql ? `\n  statement: ${err.sql}` : '') +
    `\n${unchanged}${connectionHint(err.cause)}${privilegeHint(err.cause)}`;
  return new MigrationFailedError(message, dataSource, report, {
    cause: err.cause,
    model: err.model,
    sql: err.sql,
  });
}

/**
 * What a rolled-back transaction leaves: `unchanged` (nothing of the
 * datasource), or the plan's earlier transactions.
 */
function rolledBack(
  committed: readonly PlannedStatement[],
  unchanged: string | undefined,
): string {
  if (unchanged !== undefined) {
    return `\n${rolledBackUnchanged(unchanged)}`;
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
