import {errorMessage} from '../database-error';
import type {JugglerConnector} from '../juggler';
import type {PlannedStatement} from '../types';
import {isLockAssertionFailure} from './held-lock';
import type {LockGuard} from './lock-guard';
import {checkOutWithin, type PoolWait} from './pool-wait';
import {MigrationTableBusyError, SchemaMigrationError} from '../errors';
import {withLockRetry, type LockRetry} from './lock-retry';
import {tableKey, type DbSession, type TableRef} from '../dialects/dialect';
import type {Dialect} from '../dialects/contract';
import {rolledBackUnchanged} from '../failure-scope';
import {ApplyError} from './apply-error';
import {runTransaction, withSessionLockLimit} from './session-statements';
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
 * before `COMMIT` asserts that the lock is still held. A plan too large for
 * the server's lock table runs in several such transactions, one after the
 * other, as its statements' `transaction` numbers say. Nothing is ever run
 * for real a second time: when the transaction fails, its statements are
 * replayed one by one in a transaction that is always rolled back, only to
 * name the failing one. Elsewhere each statement commits on its own, while
 * the lock connection is asked, in a round trip of its own at the same
 * time, whether the lock is still held: the answer reflects the moment the
 * statement starts (as a check before it would, a round trip earlier)
 * without adding that round trip to each statement; a loss it finds stops
 * the run after that statement, a loss already known before it.
 *
 * The statements of an online plan marked with a later `phase` run after
 * that transaction, one at a time (see `runOnlinePhases`); how long each
 * ran is put in `reporting.durations`, their progress in `reporting.progress`.
 *
 * Each statement of the transaction (elsewhere: each statement) waits at
 * most `retry.statementLockTimeoutMs` for a table lock; one that waits
 * longer is tried again after a back-off (see `withLockRetry`): on
 * PostgreSQL the whole transaction, rolled back first (nothing is
 * half-applied), elsewhere the one statement.
 *
 * `before` is how many statements of the plan earlier calls applied (a
 * plan run in pieces, see `PlanGuard.apply`), for the messages.
 *
 * @throws ApplyError with the database's error as `cause`: that of a
 * statement, of a table that stayed busy (a `MigrationTableBusyError`), or
 * of no statement (`outside`: no connection of the pool came in time, a
 * session setting failed), with what stays applied
 * @throws MigrationLockLostError when the lock was lost before a change
 */
export async function applyStatements(
  dialect: Dialect,
  connector: JugglerConnector,
  statements: readonly PlannedStatement[],
  wait: PoolWait,
  guard: LockGuard,
  retry: LockRetry,
  reporting: OnlineReporting = {durations: new Map()},
  before = 0,
): Promise<void> {
  if (statements.length === 0) return;
  // A loss already known; the database is asked beside each statement (or,
  // in a transaction, by its assertion): no round trip here.
  await guard.ensureHeld('applying its schema changes', false);
  const session = await checkOutWithin(
    connector,
    wait,
    'apply the plan',
    () => dialect.openSession(connector),
    opened => opened.release(),
  ).catch((err: unknown) => {
    throw ApplyError.outside(err, 'checking out a connection to apply', 0);
  });
  const tablesOf = (list: readonly PlannedStatement[]) =>
    tablesChanged(dialect, connector, list);
  const limit = dialect.lockWait.limit(retry.statementLockTimeoutMs);
  try {
    if (dialect.transactionalDdl) {
      const atomic = statements.filter(inPlanTransaction);
      let committed = 0;
      for (const part of transactions(atomic)) {
        const attempted = {
          tables: tablesOf(part),
          leaves:
            committed === 0
              ? rolledBackUnchanged(guard.unchanged())
              : `The transaction was rolled back; the ${committed} statement(s) of the ` +
                "plan's earlier transactions were committed and stay committed.",
        };
        const first = committed;
        await withLockRetry(retry, attempted, () =>
          runInOneTransaction(session, part, guard, dialect, limit, first),
        ).catch((err: unknown) => {
          if (err instanceof MigrationTableBusyError) {
            throw new ApplyError(err, {rolledBack: true, committed: first});
          }
          throw first > 0 && err instanceof ApplyError
            ? ApplyError.after(err, first)
            : err;
        });
        committed += part.length;
      }
      // An online plan lists its transaction's statements first.
      const later = statements.slice(atomic.length);
      await runOnlinePhases(
        dialect,
        session,
        later,
        atomic.length,
        guard,
        {retry, tablesOf},
        {
          ...reporting,
          poll:
            dialect.onlineProgress &&
            (() => dialect.onlineProgress!(connector)),
        },
      );
    } else {
      await runEach(session, statements, guard, dialect, {
        retry,
        tablesOf,
        before,
      });
    }
  } finally {
    session.release();
  }
}

/**
 * The plan's transaction, or its transactions where the plan was split
 * for the server's lock table (see `runner/transactions.ts`): runs of
 * consecutive statements with the same `transaction`.
 */
function transactions(
  statements: readonly PlannedStatement[],
): PlannedStatement[][] {
  const parts: PlannedStatement[][] = [];
  for (const statement of statements) {
    const last = parts[parts.length - 1];
    if (last && last[0].transaction === statement.transaction) {
      last.push(statement);
    } else {
      parts.push([statement]);
    }
  }
  return parts;
}

/** The tables of the models the statements change, each once. */
function tablesChanged(
  dialect: Dialect,
  connector: JugglerConnector,
  statements: readonly PlannedStatement[],
): TableRef[] {
  const tables = new Map<string, TableRef>();
  for (const {model} of statements) {
    if (!model) continue;
    const table = dialect.tableOf(connector, model);
    tables.set(tableKey(table), table);
  }
  return [...tables.values()];
}

async function runInOneTransaction(
  session: DbSession,
  statements: readonly PlannedStatement[],
  guard: LockGuard,
  {applyTag: tag, lockWait}: Dialect,
  limit: readonly string[],
  committed: number,
): Promise<void> {
  const failed = await runTransaction(session, [
    // Tagged: a run after a kill -9 waits for it (see orphans.ts).
    ...('firstInTransaction' in tag ? [tag.firstInTransaction] : []),
    // Each statement waits for its locks that long at most (SET LOCAL).
    ...limit,
    ...statements.map(s => s.sql),
    ...(guard.assertion ? [guard.assertion] : []),
  ]);
  if (!failed) return;
  const {err, ended, answered} = failed;
  if (ended) {
    throw new ApplyError(err, {
      rolledBack: answered,
      connectionLost: true,
      outcomeUnknown: !answered,
    });
  }
  // Rolled back whole: the retry (see withLockRetry) runs it again.
  if (lockWait.isLockTimeout(err)) {
    throw new ApplyError(err, {rolledBack: true});
  }
  // Not replayed: that would run every statement again, with its locks.
  if (lockWait.isCancelled(err)) {
    throw new ApplyError(err, {rolledBack: true, cancelled: true});
  }
  if (isLockAssertionFailure(err)) {
    throw guard.lostError(
      'committing its schema changes',
      err,
      'The transaction was rolled back: none of its statements were applied' +
        (committed > 0
          ? ` (the ${committed} of the plan's earlier transactions were committed).`
          : '.'),
    );
  }
  const index = await failingIndex(session, statements, err, limit);
  if (index === 'limit') {
    throw new ApplyError(err, {
      rolledBack: true,
      outside: `setting the transaction's lock wait limit (${limit.join('; ')}), before its first statement`,
    });
  }
  throw new ApplyError(err, {index, rolledBack: true});
}

/**
 * The position of the statement that made a transaction fail: the
 * statements are replayed one by one in a transaction that is always rolled
 * back. `'limit'` when the transaction's lock wait limit (`SET LOCAL`), sent
 * before the statements, fails the same way; `undefined` when the replay
 * does not fail the same way (the failure depended on something else
 * running at the time) or cannot run.
 */
async function failingIndex(
  session: DbSession,
  statements: readonly PlannedStatement[],
  original: unknown,
  limit: readonly string[],
): Promise<number | 'limit' | undefined> {
  let index: number | undefined;
  try {
    await session.query('BEGIN');
    for (const sql of limit) {
      try {
        await session.query(sql);
      } catch (err) {
        if (sameFailure(err, original)) return 'limit';
        throw err;
      }
    }
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
  {applyTag: tag, lockWait}: Dialect,
  {
    retry,
    tablesOf,
    before,
  }: {
    retry: LockRetry;
    tablesOf: (list: readonly PlannedStatement[]) => TableRef[];
    /** Statements of the plan applied by earlier calls. */
    before: number;
  },
): Promise<void> {
  // The session's limit is set before the first statement, and given back
  // after the last: a failure there comes from no statement.
  let applied: number | undefined;
  await withSessionLockLimit(
    session,
    lockWait,
    retry.statementLockTimeoutMs,
    retry.connector,
    async send => {
      applied = 0;
      await runEachStatement(session, send, statements, guard, tag, retry, {
        tablesOf,
        before,
      });
      applied = statements.length;
    },
  ).catch((err: unknown) => {
    if (err instanceof ApplyError || err instanceof SchemaMigrationError) {
      throw err;
    }
    throw ApplyError.outside(
      err,
      applied === undefined
        ? `setting the session's lock wait limit (${lockWait.limit(retry.statementLockTimeoutMs).join('; ')}), before its first statement`
        : `giving the session its own lock wait limit back (${lockWait.restore.join('; ')}), after its last statement`,
      applied ?? 0,
      {connectionLost: session.lost !== undefined},
    );
  });
}

async function runEachStatement(
  session: DbSession,
  /** Sends a statement on `session` (see `withSessionLockLimit`). */
  send: (sql: string) => Promise<void>,
  statements: readonly PlannedStatement[],
  guard: LockGuard,
  tag: Dialect['applyTag'],
  retry: LockRetry,
  {
    tablesOf,
    before: planBefore,
  }: {
    tablesOf: (list: readonly PlannedStatement[]) => TableRef[];
    before: number;
  },
): Promise<void> {
  // Tagged each: a run after a kill -9 waits for it (see orphans.ts).
  const prefix = 'statementPrefix' in tag ? tag.statementPrefix : '';
  for (const [index, statement] of statements.entries()) {
    const earlier = planBefore + index;
    const before = `applying the statement: ${statement.sql}`;
    if (index > 0) {
      await guard.ensureHeld(
        before,
        false,
        'The statements before it were applied and stay applied ' +
          '(this database commits each DDL statement).',
      );
    }
    const held = guard.askHeld();
    const attempted = {
      tables: tablesOf([statement]),
      leaves:
        earlier === 0
          ? guard.unchanged()
          : `${earlier} earlier statement(s) of this datasource were applied and stay applied ` +
            '(this database commits each DDL statement); this one was not.',
    };
    const ran = await withLockRetry(retry, attempted, () =>
      send(prefix + statement.sql),
    ).then(
      () => undefined,
      (err: unknown) => ({err}),
    );
    const lost = await held;
    if (lost) {
      throw guard.lostDuring(
        before,
        lost,
        ran
          ? `That statement failed (${errorMessage(ran.err)}); the ${earlier} before it were applied and stay applied.`
          : `That statement and the ${earlier} before it were applied and stay applied ` +
              '(this database commits each DDL statement).',
      );
    }
    if (!ran) continue;
    if (ran.err instanceof MigrationTableBusyError) {
      throw new ApplyError(ran.err, {index, rolledBack: false});
    }
    throw new ApplyError(ran.err, {
      index,
      rolledBack: false,
      connectionLost: session.lost !== undefined,
    });
  }
  // The check beside the last statement saw the lock as that statement
  // started; no later one looks again: a loss while it ran is found here.
  await guard.ensureHeldAfter(
    `applying the statement: ${statements[statements.length - 1].sql}`,
    `That statement and the ${planBefore + statements.length - 1} before it were applied and stay applied ` +
      '(this database commits each DDL statement).',
  );
}
