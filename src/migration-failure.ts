import {connectionHint} from './connection-hint';
import {describeDatabaseFields, errorMessage} from './database-error';
import {alreadyExistsHint} from './exists-hint';
import type {DataSourceTarget} from './discovery/data-sources';
import {
  MigrationFailedError,
  MigrationTableBusyError,
  SchemaMigrationError,
} from './errors';
import {BUSY_ADVICE} from './runner/lock-retry';
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
  if (err instanceof MigrationTableBusyError) {
    return busyFailure(err, target.name, report, []);
  }
  if (err instanceof SchemaMigrationError) return err;
  // A dry run (`--dry-run`, `--check`, planSchemaMigration()) only plans.
  const where = `${options.dryRun ? 'Planning the schema' : 'Schema'} ${options.operation} of datasource "${target.name}" (${target.connectorName})`;
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
  const applied =
    err.rolledBack || err.outcomeUnknown || err.outside !== undefined
      ? statements.slice(0, err.committed)
      : err.index === undefined
        ? []
        : statements.slice(0, err.index);
  if (err.cause instanceof MigrationTableBusyError) {
    return busyFailure(err.cause, target.name, report, applied);
  }
  const failed = err.index === undefined ? undefined : statements[err.index];
  const unchanged = changedNothing(err)
    ? unchangedAtFailure(report, target.name)
    : undefined;
  if (err.outside !== undefined && !err.rolledBack) {
    const message =
      `${where} failed while ${err.outside}: ${err.message}` +
      `\n${unchanged ?? appliedOutside(applied, statements.length, err.online)}` +
      connectionHint(err.cause) +
      privilegeHint(err.cause);
    return new MigrationFailedError(message, target.name, report, {
      cause: err.cause ?? err,
      applied,
    });
  }
  const message =
    `${where} failed${failed?.model ? ` on model ${failed.model}` : ''}` +
    (err.outside !== undefined ? ` while ${err.outside}` : '') +
    `: ${err.message}` +
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
    (err.rolledBack ||
      err.outside !== undefined ||
      (err.index === 0 && !err.connectionLost && !err.online))
  );
}

/**
 * What a failure that came from no statement (a pool checkout, a session
 * setting) leaves, after the datasource's `applied` statements of `total`.
 */
function appliedOutside(
  applied: readonly PlannedStatement[],
  total: number,
  online: boolean,
): string {
  const commits = online
    ? 'the online phases commit one at a time'
    : 'this database commits each DDL statement';
  return (
    'It came from no statement of the plan: ' +
    (applied.length === total
      ? `all ${total} statement(s) of this datasource were applied before it and stay applied ` +
        `(${commits}); nothing after them ran (the next run finds them done)`
      : `the ${applied.length} statement(s) of this datasource before it were applied and stay ` +
        `applied (${commits}); the ${total - applied.length} after them did not run. Run the ` +
        'migration again to complete it: the next run plans what is left') +
    applied.map(s => `\n  applied: ${s.sql}`).join('')
  );
}

/**
 * A table that stayed busy, with the datasource, the run's report and the
 * datasource's statements that stay applied (listed in the message, after
 * what the run leaves).
 */
function busyFailure(
  busy: MigrationTableBusyError,
  dataSource: string,
  report: SchemaMigrationReport,
  applied: PlannedStatement[],
): MigrationTableBusyError {
  if (busy.report) return busy;
  const body = busy.message.slice(
    0,
    busy.message.length - describeDatabaseFields(busy.database).length,
  );
  const at = body.lastIndexOf(`\n${BUSY_ADVICE}`);
  const list = applied.map(s => `\n  applied: ${s.sql}`).join('');
  const message =
    at < 0 ? body + list : body.slice(0, at) + list + body.slice(at);
  return new MigrationTableBusyError(
    message,
    busy.tables,
    busy.holders,
    busy.attempts,
    {cause: busy.cause, dataSource, report, applied},
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
  if (err.outcomeUnknown || err.outside !== undefined) return '';
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
