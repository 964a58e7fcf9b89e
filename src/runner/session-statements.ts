import {sentByServer} from '../dialects/connection-watch';
import type {DbSession} from '../dialects/dialect';
import type {StatementLockWait} from '../dialects/lock-impact';
import {debugLogger} from '../debug';
import type {JugglerConnector} from '../juggler';
import {executeStatement} from './execute-statement';

const debug = debugLogger('apply');

/** Why a transaction sent by `runTransaction` did not commit. */
export interface TransactionFailure {
  /** The database's error. */
  readonly err: unknown;
  /**
   * `true` when the session ended (or could not roll back, which only a
   * broken connection fails to do).
   */
  readonly ended: boolean;
  /**
   * `true` when the error came from the server: it rolled the transaction
   * back. `false` when the connection broke (or the driver gave up waiting)
   * before the server answered: the server got the whole transaction, its
   * `COMMIT` included, and may have committed it.
   */
  readonly answered: boolean;
}

/**
 * Run `statements` as one transaction in one round trip (`BEGIN; ...;
 * COMMIT`), rolled back when one fails. Resolves to the failure, if any,
 * for the caller to say what it means: every apply of a transaction (the
 * plan's, an online phase's own, a data-loss guard's) goes through here.
 */
export async function runTransaction(
  session: DbSession,
  statements: readonly string[],
): Promise<TransactionFailure | undefined> {
  try {
    await executeStatement(
      session,
      ['BEGIN', ...statements, 'COMMIT'].join(';\n'),
    );
    return undefined;
  } catch (err) {
    const answered = sentByServer(err);
    if (session.lost) return {err, ended: true, answered};
    try {
      await session.query('ROLLBACK');
    } catch {
      return {err, ended: true, answered};
    }
    return {err, ended: false, answered};
  }
}

/**
 * Run `work` on a session whose every statement waits at most `ms` for a
 * lock (`lockWait.limit`, set once on the session where DDL is not
 * transactional; where the database's limit cannot say `ms`, also
 * `lockWait.watch`), then give the session its own limit back before it
 * goes back to the pool. `work` sends its statements with `send`. When
 * `work` fails, its error is the one thrown.
 */
export async function withSessionLockLimit(
  session: DbSession,
  lockWait: StatementLockWait,
  ms: number,
  connector: JugglerConnector,
  work: (send: (sql: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  for (const sql of lockWait.limit(ms)) await session.query(sql);
  const watch = await lockWait.watch?.(connector, session, ms);
  const send = (sql: string): Promise<void> =>
    watch
      ? watch.run(() => executeStatement(session, sql))
      : executeStatement(session, sql);
  const restore = async () => {
    // A session that ended is not reused by the pool.
    if (session.lost) return;
    for (const sql of lockWait.restore) await session.query(sql);
  };
  try {
    await work(send);
  } catch (err) {
    await restore().catch((restoreErr: unknown) =>
      debug(
        'giving the session its lock wait limit back failed: %s',
        restoreErr,
      ),
    );
    throw err;
  }
  await restore();
}
