import type {JugglerConnector} from '../juggler';
import type {PlannedStatement} from '../types';
import {isLockAssertionFailure} from './held-lock';
import type {LockGuard} from './lock-guard';
import {checkOutWithin, type PoolWait} from './pool-wait';
import type {DbSession} from '../dialects/dialect';
import type {Dialect} from '../dialects/contract';
import {ApplyError} from './apply-error';
import {executeStatement} from './execute-statement';
import {
  inPlanTransaction,
  runOnlinePhases,
  type OnlineReporting,
} from './online-apply';

/**
 * Execute a plan's statements, in order, on one connection of the
 * connector's pool, waiting for it as `wait` allows, each change under the
 * migration lock (`guard`).
 *
 * Where the database has transactional DDL (PostgreSQL) they run in one
 * transaction, all or nothing, sent in one round trip; its last statement
 * before `COMMIT` asserts that the lock is still held. Nothing is ever run
 * for real a second time: when the transaction fails, its statements are
 * replayed one by one in a transaction that is always rolled back, only to
 * name the failing one. Elsewhere each statement commits on its own, after
 * a check that the lock is still held.
 *
 * The statements of an online plan marked with a later `phase` run after
 * that transaction, one at a time (see `runOnlinePhases`); how long each
 * ran is put in `reporting.durations`, their progress in `reporting.progress`.
 *
 * @throws ApplyError with the database's error as `cause`
 * @throws MigrationLockLostError when the lock was lost before a change
 * @throws Error when no connection of the pool comes in time
 */
export async function applyStatements(
  dialect: Dialect,
  connector: JugglerConnector,
  statements: readonly PlannedStatement[],
  wait: PoolWait,
  guard: LockGuard,
  reporting: OnlineReporting = {durations: new Map()},
): Promise<void> {
  if (statements.length === 0) return;
  // The transaction asserts the lock itself: no round trip here.
  await guard.ensureHeld(
    'applying its schema changes',
    !dialect.transactionalDdl,
  );
  const session = await checkOutWithin(
    connector,
    wait,
    'apply the plan',
    () => dialect.openSession(connector),
    opened => opened.release(),
  );
  try {
    if (dialect.transactionalDdl) {
      const atomic = statements.filter(inPlanTransaction);
      if (atomic.length > 0) {
        await runInOneTransaction(session, atomic, guard, dialect.applyTag);
      }
      // An online plan lists its transaction's statements first.
      const later = statements.slice(atomic.length);
      await runOnlinePhases(dialect, session, later, atomic.length, guard, {
        ...reporting,
        poll:
          dialect.onlineProgress && (() => dialect.onlineProgress!(connector)),
      });
    } else {
      await runEach(session, statements, guard, dialect.applyTag);
    }
  } finally {
    session.release();
  }
}

async function runInOneTransaction(
  session: DbSession,
  statements: readonly PlannedStatement[],
  guard: LockGuard,
  tag: Dialect['applyTag'],
): Promise<void> {
  const batch = [
    'BEGIN',
    // Tagged: a run after a kill -9 waits for it (see orphans.ts).
    ...('firstInTransaction' in tag ? [tag.firstInTransaction] : []),
    ...statements.map(s => s.sql),
    ...(guard.assertion ? [guard.assertion] : []),
    'COMMIT',
  ];
  try {
    await executeStatement(session, batch.join(';\n'));
    return;
  } catch (err) {
    // The server rolls back the transaction of a session that ended.
    if (session.lost) throw new ApplyError(undefined, true, err, true);
    try {
      await session.query('ROLLBACK');
    } catch {
      // Only a broken connection fails to roll back an aborted transaction.
      throw new ApplyError(undefined, true, err, true);
    }
    if (isLockAssertionFailure(err)) {
      throw guard.lostError(
        'committing its schema changes',
        err,
        'The transaction was rolled back: none of its statements were applied.',
      );
    }
    throw new ApplyError(
      await failingIndex(session, statements, err),
      true,
      err,
    );
  }
}

/**
 * The position of the statement that made a transaction fail: the
 * statements are replayed one by one in a transaction that is always rolled
 * back. `undefined` when the replay does not fail the same way (the failure
 * depended on something else running at the time) or cannot run.
 */
async function failingIndex(
  session: DbSession,
  statements: readonly PlannedStatement[],
  original: unknown,
): Promise<number | undefined> {
  let index: number | undefined;
  try {
    await session.query('BEGIN');
    for (const [at, statement] of statements.entries()) {
      try {
        await session.query(statement.sql);
      } catch (err) {
        if (sameFailure(err, original)) index = at;
        break;
      }
    }
  } catch {
    return undefined;
  } finally {
    // Never COMMIT: a session that ends now rolls back all the same.
    await session.query('ROLLBACK').catch(() => undefined);
  }
  return index;
}

function sameFailure(replayed: unknown, original: unknown): boolean {
  const a = replayed as {code?: unknown; message?: unknown} | null;
  const b = original as {code?: unknown; message?: unknown} | null;
  return a?.code === b?.code && a?.message === b?.message;
}

async function runEach(
  session: DbSession,
  statements: readonly PlannedStatement[],
  guard: LockGuard,
  tag: Dialect['applyTag'],
): Promise<void> {
  for (const [index, statement] of statements.entries()) {
    if (index > 0) {
      await guard.ensureHeld(
        `applying the statement: ${statement.sql}`,
        true,
        'The statements before it were applied and stay applied ' +
          '(this database commits each DDL statement).',
      );
    }
    try {
      // Tagged each: a run after a kill -9 waits for it (see orphans.ts).
      const prefix = 'statementPrefix' in tag ? tag.statementPrefix : '';
      await executeStatement(session, prefix + statement.sql);
    } catch (err) {
      throw new ApplyError(index, false, err, session.lost !== undefined);
    }
  }
}
