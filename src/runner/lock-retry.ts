import {errorMessage} from '../database-error';
import {setTimeout as sleep} from 'node:timers/promises';
import {debugLogger} from '../debug';
import {MigrationTableBusyError} from '../errors';
import type {JugglerConnector} from '../juggler';
import {describeTable, type TableRef} from '../dialects/dialect';
import {
  LockWaitStopped,
  type LockHolder,
  type StatementLockWait,
} from '../dialects/lock-impact';

const debug = debugLogger('lock-retry');

/** The first back-off, in ms; each next one doubles, up to {@link MAX_BACKOFF_MS}. */
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;

/** How the statements of one apply wait for table locks, and for how long in all. */
export interface LockRetry {
  readonly wait: StatementLockWait;
  /** For reading the holders of a busy table (a connection of the pool). */
  readonly connector: JugglerConnector;
  /** The longest one attempt waits for a lock, in ms. */
  readonly statementLockTimeoutMs: number;
  /** The longest all attempts of one statement (transaction) may take, in ms. */
  readonly budgetMs: number;
  /** Each wait that timed out and was retried, for the report. */
  readonly waits: LockWaitRecord[];
}

/** The lock retry of one apply on `dialect`'s database, with no wait recorded yet. */
export function lockRetry(
  wait: StatementLockWait,
  connector: JugglerConnector,
  statementLockTimeoutMs: number,
  budgetMs: number,
): LockRetry {
  return {wait, connector, statementLockTimeoutMs, budgetMs, waits: []};
}

/** One attempt that timed out waiting for a table lock and was retried. */
export interface LockWaitRecord {
  readonly tables: string[];
  readonly attempt: number;
  readonly backoffMs: number;
}

/** What an attempt changes, for the messages. */
export interface Attempted {
  readonly tables: readonly TableRef[];
  /** What a failure leaves applied, in words (`nothing was changed`). */
  readonly leaves: string;
  /**
   * What the attempt waited for when no session holds a lock on its
   * tables, in words (by default: the holders released them as it gave up).
   */
  readonly unheld?: string;
}

/**
 * Run `attempt` (one statement, or one whole transaction: it must change
 * nothing when it fails), and when the database says it waited too long
 * for a table lock, run it again after an exponential back-off with jitter
 * (100 ms, 200 ms, ... up to 5 s, each between half and all of it), so that
 * the app's own queries, queued behind the waiting DDL, run in between.
 * When the next attempt would end past `budgetMs` (were it to wait as long
 * as the last one), give up.
 *
 * @throws MigrationTableBusyError naming the tables and the sessions holding them
 */
export async function withLockRetry<T>(
  retry: LockRetry,
  attempted: Attempted,
  attempt: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isLockTimeout(retry.wait, err)) throw err;
      const elapsed = performance.now() - started;
      const cap = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (n - 1));
      const backoffMs = Math.round(cap / 2 + (Math.random() * cap) / 2);
      const limitMs = retry.wait.effectiveMs(retry.statementLockTimeoutMs);
      // A watch stops the next attempt as it stopped this one (see
      // `StatementLockWait.watch`): before the database's own limit.
      const stopped = stoppedWait(err);
      const nextMs = stopped?.waitedMs ?? limitMs;
      if (elapsed + backoffMs + nextMs > retry.budgetMs) {
        const each = stopped
          ? `each stopped by this run once it had waited about ${retry.statementLockTimeoutMs} ms ` +
            `for its lock (the database's own limit is ${limitMs} ms)`
          : `each waiting at most ${limitMs} ms for its lock`;
        const how = `${n} attempt(s), ${each}, then backing off so that the app's queries were not held up`;
        throw await tableBusy(
          retry,
          attempted,
          {attempts: n, how},
          elapsed,
          err,
        );
      }
      const tables = attempted.tables.map(describeTable);
      debug(
        'attempt %d waited too long for a lock on %s; again in %d ms',
        n,
        tables.join(', '),
        backoffMs,
      );
      retry.waits.push({tables, attempt: n, backoffMs});
      await sleep(backoffMs);
    }
  }
}

/**
 * The database's lock timeout, or a stop of a lock wait watch
 * (`StatementLockWait.watch`), as thrown or as the cause of an apply error.
 */
function isLockTimeout(wait: StatementLockWait, err: unknown): boolean {
  const cause = (err as {cause?: unknown} | null)?.cause;
  return (
    wait.isLockTimeout(err) ||
    wait.isLockTimeout(cause) ||
    stoppedWait(err) !== undefined
  );
}

/** The stop of a lock wait watch, thrown or as the cause of an apply error. */
function stoppedWait(err: unknown): LockWaitStopped | undefined {
  if (err instanceof LockWaitStopped) return err;
  const cause = (err as {cause?: unknown} | null)?.cause;
  return cause instanceof LockWaitStopped ? cause : undefined;
}

/**
 * The error of a statement that waits for locks without holding up the
 * app (PostgreSQL `CREATE INDEX CONCURRENTLY`), tried once, whose wait of
 * at most `waitMs` ran out after `elapsedMs`.
 */
export function waitedTooLong(
  retry: LockRetry,
  attempted: Attempted,
  waitMs: number,
  elapsedMs: number,
  cause: unknown,
): Promise<MigrationTableBusyError> {
  const how =
    "tried once: it does not hold up the app's queries, so each of its waits " +
    `may last lockTimeoutMs, ${waitMs} ms`;
  const knobs = `lockTimeoutMs (now ${retry.budgetMs} ms) sets how long each of its waits lasts.`;
  return tableBusy(
    retry,
    attempted,
    {attempts: 1, how, knobs},
    elapsedMs,
    cause,
  );
}

/** How a busy table's message starts its advice, after what the run leaves. */
export const BUSY_ADVICE = "End or commit those sessions' transactions";

async function tableBusy(
  retry: LockRetry,
  attempted: Attempted,
  {
    attempts,
    how,
    knobs = `lockTimeoutMs (now ${retry.budgetMs} ms) sets how long a run keeps retrying, ` +
      `statementLockTimeoutMs (now ${retry.statementLockTimeoutMs} ms) how long each attempt waits.`,
  }: {
    readonly attempts: number;
    readonly how: string;
    /** The options that bound the wait, in words. */
    readonly knobs?: string;
  },
  elapsedMs: number,
  cause: unknown,
): Promise<MigrationTableBusyError> {
  const found = await retry.wait
    .holders(retry.connector, attempted.tables)
    .catch((err: unknown) => ({
      holders: [] as LockHolder[],
      unavailable: `the sessions holding it could not be read: ${errorMessage(err)}`,
    }));
  const holders = found.holders;
  const busy = [...new Set(holders.map(h => h.table))];
  const tables = busy.length > 0 ? busy : attempted.tables.map(describeTable);
  const message =
    `Schema migration gave up waiting for ${tables.length > 1 ? 'tables' : 'table'} ${tables.join(', ')}: ` +
    `other sessions held ${tables.length > 1 ? 'them' : 'it'} for ${Math.round(elapsedMs)} ms ` +
    `(${how}).\n` +
    (holders.length > 0
      ? `Held by:\n${holders.map(describeHolder).join('\n')}\n`
      : `${attempted.unheld ?? 'No session holds it any more (it was released as the run gave up).'}\n`) +
    (found.unavailable ? `(${found.unavailable}.)\n` : '') +
    `${attempted.leaves}\n` +
    `${BUSY_ADVICE} (or wait until they end) and run again; ` +
    knobs;
  return new MigrationTableBusyError(message, tables, holders, attempts, {
    cause,
  });
}

function describeHolder(h: LockHolder): string {
  const parts = [
    `session ${h.pid}`,
    h.application ? `application "${h.application}"` : 'no application name',
    h.durationMs !== undefined
      ? `in its transaction for ${(h.durationMs / 1000).toFixed(1)} s`
      : '',
    h.mode ? `holding ${h.mode}` : '',
    h.query ? `query: ${h.query.replace(/\s+/g, ' ').slice(0, 200)}` : '',
  ].filter(Boolean);
  return `  - ${h.table}: ${parts.join(', ')}`;
}
