import type {DbSession, TableRef} from '../dialects/dialect';
import type {Dialect} from '../dialects/contract';
import type {PlannedStatement} from '../types';
import {isLockAssertionFailure} from './held-lock';
import type {LockGuard} from './lock-guard';
import {ApplyError} from './apply-error';
import {executeStatement} from './execute-statement';
import {waitedTooLong, withLockRetry, type LockRetry} from './lock-retry';
import {runTransaction} from './session-statements';
import {watchProgress} from './progress-watch';
import {MigrationTableBusyError} from '../errors';
import {debugLogger} from '../debug';

const debug = debugLogger('apply');

/** How long each online statement ran, in ms, by statement. */
export type Durations = Map<PlannedStatement, number>;

/** What the online phases tell about themselves as they run. */
export interface OnlineReporting {
  /** Filled with how long each online statement ran. */
  readonly durations: Durations;
  /** Where the progress of long work goes (see `watchProgress`). */
  readonly progress?: (message: string) => void;
}

/** How the transactions of online phases wait for table locks. */
export interface OnlineLockWait {
  readonly retry: LockRetry;
  /** The tables a statement changes, for the messages. */
  readonly tablesOf: (list: readonly PlannedStatement[]) => TableRef[];
}

/**
 * Whether a statement runs in the plan's one transaction: every statement
 * of a plan without online phases, and those marked `'transaction'`.
 */
export function inPlanTransaction(statement: PlannedStatement): boolean {
  return statement.phase === undefined || statement.phase === 'transaction';
}

/**
 * Run the online phases of a plan (its statements after the transaction),
 * one statement at a time, each after a check that the migration lock is
 * still held (and each outside a transaction, which nothing guards while it
 * runs, followed by one): `'own-transaction'` ones in a short transaction of their own
 * (which asserts the lock before `COMMIT`; it waits at most
 * `statementLockTimeoutMs` for its table lock, as the plan's transaction
 * does, and is rolled back and tried again after a back-off: `SET NOT
 * NULL` and a check's drop take ACCESS EXCLUSIVE, and the app's queries
 * would queue behind one that waits), `'no-transaction'` ones outside
 * any transaction (their locks let the app's reads and writes through),
 * tried once, each of their lock waits lasting at most the run's
 * `lockTimeoutMs` (see `runOutsideTransaction`). The dialect's `onlineSession` statements lift the app's
 * statement time limit around each; while one runs, `reporting.poll` is
 * read about once a second into `reporting.progress`. A failure stops the
 * run there: what ran before stays applied, and the next run plans what is
 * left.
 *
 * @param offset - the position of `statements[0]` in the plan, for errors
 * @throws ApplyError (`online`) with the database's error as `cause`
 * @throws MigrationLockLostError when the lock was lost before a statement
 */
export async function runOnlinePhases(
  dialect: Dialect,
  session: DbSession,
  statements: readonly PlannedStatement[],
  offset: number,
  guard: LockGuard,
  waiting: OnlineLockWait,
  reporting: OnlineReporting & {readonly poll?: () => Promise<string[]>},
): Promise<void> {
  for (const [at, statement] of statements.entries()) {
    const index = offset + at;
    const own = statement.phase === 'own-transaction';
    // A transaction of its own asserts the lock before COMMIT.
    await guard.ensureHeld(
      `applying the statement: ${statement.sql}`,
      !own || !guard.assertion,
      `${appliedBefore(index)}.`,
    );
    const started = performance.now();
    const {poll, progress} = reporting;
    const stop =
      poll && progress ? watchProgress(poll, progress) : () => undefined;
    try {
      await runOnlineStatement(
        dialect,
        session,
        statement,
        index,
        guard,
        waiting,
      ).catch((err: unknown) => {
        // What stays applied is said where the run's failure is made.
        throw err instanceof MigrationTableBusyError
          ? new ApplyError(err, {index, rolledBack: false, online: true})
          : err;
      });
    } finally {
      stop();
    }
    reporting.durations.set(statement, Math.round(performance.now() - started));
  }
}

/** Run one statement of an online phase (see {@link runOnlinePhases}). */
async function runOnlineStatement(
  dialect: Dialect,
  session: DbSession,
  statement: PlannedStatement,
  index: number,
  guard: LockGuard,
  waiting: OnlineLockWait,
): Promise<void> {
  if (statement.phase === 'own-transaction') {
    const attempted = {
      tables: waiting.tablesOf([statement]),
      leaves: `${appliedBefore(index)}; this one was rolled back.`,
    };
    await withLockRetry(waiting.retry, attempted, () =>
      runInOwnTransaction(
        dialect,
        session,
        statement,
        index,
        guard,
        waiting.retry.statementLockTimeoutMs,
      ),
    );
    return;
  }
  await runOutsideTransaction(dialect, session, statement, index, waiting);
  // Nothing in it asserts the lock: a loss while it ran is found here,
  // also after the plan's last statement.
  await guard.ensureHeldAfter(
    `applying the statement: ${statement.sql}`,
    `That statement and the ${index} before it were applied and stay applied ` +
      '(online phases commit one at a time; the next run completes the migration).',
  );
}

async function runInOwnTransaction(
  dialect: Dialect,
  session: DbSession,
  statement: PlannedStatement,
  index: number,
  guard: LockGuard,
  lockWaitMs: number,
): Promise<void> {
  const tag = dialect.applyTag;
  const failed = await runTransaction(session, [
    ...('firstInTransaction' in tag ? [tag.firstInTransaction] : []),
    ...dialect.lockWait.limit(lockWaitMs),
    ...(dialect.onlineSession?.inTransaction ?? []),
    statement.sql,
    ...(guard.assertion ? [guard.assertion] : []),
  ]);
  if (!failed) return;
  const {err, ended} = failed;
  if (ended) {
    throw new ApplyError(err, {
      index,
      rolledBack: false,
      connectionLost: true,
      online: true,
    });
  }
  if (isLockAssertionFailure(err)) {
    throw guard.lostError(
      `committing the statement: ${statement.sql}`,
      err,
      'Its transaction was rolled back; the statements before it stay applied.',
    );
  }
  throw new ApplyError(err, {index, rolledBack: false, online: true});
}

/** A PostgreSQL index build that lets writes through, which a stop leaves INVALID. */
const INDEX_BUILD = /^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\b/i;

/**
 * Run a statement outside any transaction. Its locks let the app through,
 * so it is not backed off and retried (a retry would throw an index build
 * away): it is tried once, and each of its lock waits lasts at most the
 * run's `lockTimeoutMs` (at least `statementLockTimeoutMs`).
 *
 * @throws MigrationTableBusyError when a lock wait ran out
 */
async function runOutsideTransaction(
  dialect: Dialect,
  session: DbSession,
  statement: PlannedStatement,
  index: number,
  waiting: OnlineLockWait,
): Promise<void> {
  const {retry} = waiting;
  const waitMs = retry.wait.effectiveMs(
    Math.max(retry.budgetMs, retry.statementLockTimeoutMs),
  );
  const before = dialect.onlineSession?.before(waitMs) ?? [];
  const after = dialect.onlineSession?.after ?? [];
  // A failure of the session's own settings comes from no statement.
  const settings = async (
    list: readonly string[],
    doing: string,
    applied: number,
  ) => {
    for (const sql of list) {
      await session.query(sql).catch((err: unknown) => {
        throw ApplyError.outside(err, `${doing} (${sql})`, applied, {
          connectionLost: session.lost !== undefined,
          online: true,
        });
      });
    }
  };
  await settings(
    before,
    'preparing the session for the next online statement',
    index,
  );
  const started = performance.now();
  try {
    await executeStatement(session, statement.sql);
  } catch (err) {
    // A session that ended is not reused by the pool: nothing to restore.
    // The statement's failure is the one that matters.
    if (!session.lost) {
      for (const sql of after) {
        await session.query(sql).catch((restoreErr: unknown) => {
          debug('giving the session its settings back failed: %s', restoreErr);
        });
      }
    }
    if (retry.wait.isLockTimeout(err)) {
      const build = INDEX_BUILD.test(statement.sql);
      const attempted = {
        tables: waiting.tablesOf([statement]),
        ...(build && {
          unheld:
            'No session holds a lock on it: the build waited for a transaction of the database ' +
            'older than it (onProgress named its session while it waited).',
        }),
        leaves:
          `${appliedBefore(index)}; ` +
          (build
            ? 'this build stopped and left its index INVALID (queries do not use it): the next run ' +
              'drops it and builds it again. A build waits for every transaction that wrote to ' +
              'its table, and for every transaction of the database older than it.'
            : 'this one stopped.'),
      };
      const elapsedMs = performance.now() - started;
      throw await waitedTooLong(retry, attempted, waitMs, elapsedMs, err);
    }
    throw new ApplyError(err, {
      index,
      rolledBack: false,
      connectionLost: session.lost !== undefined,
      online: true,
    });
  }
  await settings(
    after,
    'giving the session its own settings back after the online statement',
    index + 1,
  );
}

/** What stays of the statements before the one at `index`, in words. */
function appliedBefore(index: number): string {
  const applied =
    index === 0
      ? 'No statement of this datasource was applied before it'
      : `The ${index} statement(s) of this datasource before it were applied and stay applied`;
  return `${applied} (online phases commit one at a time; the next run completes the migration)`;
}
