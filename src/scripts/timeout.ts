/**
 * The time limit of one migration script (`scriptTimeoutMs`, or the
 * script's own `timeoutMs`): a script that never returns must not hold the
 * migration lock, and its transaction, for ever.
 */
import {clearTimeout, setTimeout} from 'node:timers';
import type {JugglerConnector} from '../juggler';
import type {MigrationScript} from './types';
import {openPgLockConnection} from '../dialects/postgresql/lock-connection';
import {dialectFor} from '../dialects';
import {DEFAULT_SCRIPT_TIMEOUT_MS} from '../options';

/** What a {@link ScriptTimeoutError} says. */
export interface ScriptTimeout {
  readonly timeoutMs: number;
  /** Whether the script ran in a transaction, which was rolled back. */
  readonly transactional: boolean;
  /** Why cancelling its running statement failed, if it did. */
  readonly stopFailure?: unknown;
  /** Why the script may have waited, seen when the limit passed. */
  readonly waitedFor?: string;
}

/** A script ran past its time limit; the message says how to raise it. */
export class ScriptTimeoutError extends Error {
  readonly timeoutMs: number;

  constructor({
    timeoutMs,
    transactional,
    stopFailure,
    waitedFor,
  }: ScriptTimeout) {
    super(
      `timed out after ${timeoutMs} ms and was stopped` +
        (stopFailure === undefined
          ? ''
          : ` (cancelling its running statement failed: ${String(stopFailure)})`) +
        (transactional
          ? ' (its running statement was cancelled and its transaction rolled back)'
          : ' (this database has no transaction to roll back: a statement it ' +
            'had sent may still be running on the server)') +
        (waitedFor ? `. ${waitedFor}` : '') +
        '. If it needs longer, raise the limit with the scriptTimeoutMs ' +
        'option (--script-timeout MS on the command line), or for this ' +
        'script alone with a timeoutMs property on its class',
      stopFailure === undefined ? undefined : {cause: stopFailure},
    );
    this.timeoutMs = timeoutMs;
  }
}

/** The time limit of `script` in a run whose `scriptTimeoutMs` is `runTimeoutMs`. */
export function scriptTimeoutOf(
  script: MigrationScript,
  runTimeoutMs: number | undefined,
): number {
  return script.timeoutMs ?? runTimeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS;
}

/** The time limit of one script's run, and what to do when it passes. */
export interface TimeLimit {
  readonly timeoutMs: number;
  /** Whether the script runs in a transaction (rolled back when stopped). */
  readonly transactional: boolean;
  /**
   * Cancel what the script runs on the server; resolves to what its
   * statement was waiting for, when that is known (see {@link cancelPgBackend}).
   */
  stop(): Promise<string | undefined>;
  /** Why the script may be waiting, when the limit passes (see {@link busyPoolNote}). */
  waitingFor?(): string | undefined;
}

/**
 * `work()`, unless it runs longer than `limit.timeoutMs`: then
 * `limit.stop()` is awaited (to cancel what runs on the server) and the
 * promise rejects with a {@link ScriptTimeoutError}. `work()` itself cannot
 * be stopped (a promise cannot be cancelled); its later outcome is ignored.
 */
export async function withinTimeLimit<T>(
  work: () => Promise<T>,
  limit: TimeLimit,
): Promise<T> {
  const {timeoutMs, transactional} = limit;
  let timer: NodeJS.Timeout | undefined;
  // Set when the limit passed: whatever `work()` does after that (fail on
  // its cancelled statement, or even finish), the script timed out.
  let expired: Promise<ScriptTimeoutError> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Seen before the stop frees what the script waited for.
      const pool = limit.waitingFor?.();
      const join = (...notes: (string | undefined)[]) =>
        notes.filter(Boolean).join('. ') || undefined;
      expired = limit.stop().then(
        (lock: string | undefined) =>
          new ScriptTimeoutError({
            timeoutMs,
            transactional,
            waitedFor: join(lock, pool),
          }),
        (stopFailure: unknown) =>
          new ScriptTimeoutError({
            timeoutMs,
            transactional,
            stopFailure,
            waitedFor: pool,
          }),
      );
      void expired.then(reject);
    }, timeoutMs);
  });
  const running = work();
  // Its outcome after the time limit is nobody's business.
  running.catch(() => undefined);
  try {
    const value = await Promise.race([running, timedOut]);
    if (expired) throw await expired;
    return value;
  } catch (err) {
    if (expired) throw await expired;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * When every connection of the pool of a script's datasource is in use
 * while the script runs in a transaction (which holds one of them), a
 * query it sends outside that transaction waits for a free connection: in
 * a pool of one, until that transaction ends. The stop ends it, and that
 * query then runs after all, outside it (a promise cannot be cancelled,
 * nor a pool's waiting request withdrawn). Says so, or `undefined` when
 * the pool has room.
 */
export function busyPoolNote(
  connector: JugglerConnector,
  dataSource: string,
): string | undefined {
  const pool = dialectFor(connector.name ?? '')?.poolState(connector);
  if (!pool?.full) return undefined;
  return (
    'When it timed out, every connection of the pool of datasource ' +
    `"${dataSource}" (${pool.setting}: ${pool.max}) was in use by the ` +
    "script's transaction or others: a query it sent outside that " +
    'transaction (a repository or ctx.dataSource called without ' +
    '{transaction: ctx.transaction}) waits for a free connection, in a ' +
    'pool of one until that transaction ends, and then runs after all, ' +
    'outside it: what such a query changes is not rolled back with it. ' +
    'Pass {transaction: ctx.transaction} (ctx.execute does), or raise ' +
    pool.setting
  );
}

/**
 * Cancel the statement the PostgreSQL backend `pid` is running, from a
 * connection of its own (the pool's may all be busy): the statement fails,
 * and the transaction can then be rolled back on its own connection. A
 * backend that waits for its client (a script awaiting something else) has
 * nothing to cancel; this does nothing to it. Resolves to the sessions
 * whose locks the statement was waiting for, in words, when it was.
 */
export async function cancelPgBackend(
  connector: JugglerConnector,
  pid: number,
): Promise<string | undefined> {
  const connection = await openPgLockConnection(connector);
  try {
    const [{blockers}] = await connection.rows<{blockers: number[]}>(
      'SELECT pg_blocking_pids($1) AS blockers',
      [pid],
    );
    await connection.rows('SELECT pg_cancel_backend($1)', [pid]);
    return blockers.length === 0 ? undefined : lockWaitNote(blockers);
  } finally {
    await connection.close();
  }
}

function lockWaitNote(blockers: readonly number[]): string {
  const sessions =
    blockers.length === 1
      ? `session ${blockers[0]}`
      : `sessions ${blockers.join(', ')}`;
  return (
    `Its statement was waiting for a lock held by ${sessions} (pid; ` +
    'pg_stat_activity shows what it runs): a statement of a script waits ' +
    'for a table lock without the limit the schema sync has ' +
    "(statementLockTimeoutMs), and the app's queries of that table wait " +
    "behind it. Run again when that session's transaction has ended, or " +
    "end that session's transaction; in the script, SET LOCAL lock_timeout " +
    'makes such a statement fail at once instead'
  );
}

/** The backend pid of a juggler PostgreSQL transaction's connection. */
export function pgBackendOf(transaction: unknown): number | undefined {
  const connection = (transaction as {connection?: {processID?: unknown}})
    .connection;
  const pid = connection?.processID;
  return typeof pid === 'number' ? pid : undefined;
}
