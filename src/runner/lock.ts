/**
 * The cluster-wide migration lock: one migration at a time per database,
 * whichever process (replica, CI job, developer laptop) starts it.
 *
 * The lock is a *session* lock of the database server, held on a connection
 * of its own, opened outside the connector's pool (see `lock-connection.ts`:
 * so that it never takes a connection the run needs, and any pool size,
 * even 1, works): PostgreSQL's advisory locks, MySQL's and MariaDB's
 * `GET_LOCK()`. It dies with that connection, so a crashed or killed process
 * never leaves it behind, and nothing is written to any table.
 *
 * It is taken with a non-blocking attempt polled with exponential backoff
 * and jitter, never with a blocking call: a session waiting in
 * `pg_advisory_lock()` holds a virtual transaction id that
 * `CREATE INDEX CONCURRENTLY` of the lock holder waits for — a deadlock.
 */
import {debugLogger} from '../debug';
import {dialectFor} from '../dialects';
import {randomBytes} from 'node:crypto';
import {setTimeout as sleep} from 'node:timers/promises';
import {
  InvalidMigrationOptionsError,
  MigrationLockTimeoutError,
} from '../errors';
import type {JugglerConnector} from '../juggler';
import {millisecondsProblem} from '../options';
import {
  heldLock,
  lockTakenFor,
  noteLockTaken,
  sharedLock,
  type MigrationLock,
} from './held-lock';
import {
  DEFAULT_LOCK_TIMEOUT_MS,
  type Holder,
  type LockSession,
} from './lock-session';
import {settleOrphans} from './orphans';

export type {MigrationLock} from './held-lock';
export {DEFAULT_LOCK_TIMEOUT_MS, MIGRATION_LOCK_NAME} from './lock-session';

const debug = debugLogger('lock');

/** The first pause between two attempts to take the lock, in ms. */
export const DEFAULT_LOCK_POLL_INITIAL_DELAY_MS = 50;

/** The longest pause between two attempts to take the lock, in ms. */
export const DEFAULT_LOCK_POLL_MAX_DELAY_MS = 1_000;

/** How `acquireMigrationLock()` waits. */
export interface LockOptions {
  /**
   * How long to wait for another holder to release the lock before failing
   * with `MigrationLockTimeoutError`, in ms; `0` tries once.
   * @default DEFAULT_LOCK_TIMEOUT_MS (60000)
   */
  readonly timeoutMs?: number;
  /**
   * The first pause between attempts, in ms; each pause doubles (with
   * jitter) up to `maxDelayMs`.
   * @default DEFAULT_LOCK_POLL_INITIAL_DELAY_MS (50)
   */
  readonly initialDelayMs?: number;
  /**
   * The longest pause between attempts, in ms.
   * @default DEFAULT_LOCK_POLL_MAX_DELAY_MS (1000)
   */
  readonly maxDelayMs?: number;
  /**
   * Locks taken with the same owner (any object, e.g. one per migration run)
   * do not wait for each other: when the lock of a database is already held
   * by this owner through another datasource (another pool) on the same
   * database, the new lock shares it at once instead of waiting for itself
   * until the timeout. A shared lock holds no connection and guards only as
   * long as the lock it shares is held; its `release()` does nothing.
   */
  readonly owner?: object;
  /**
   * End the orphaned transaction or statement of an earlier migration (see
   * `orphans.ts`) instead of waiting for it.
   * @default false
   */
  readonly terminateOrphans?: boolean;
  /**
   * Hears that the lock's holder waits for such orphaned work, when the
   * wait starts and every 10 s of it (the run's `onProgress`).
   */
  readonly onOrphanWait?: (message: string) => void;
}

/**
 * Acquire the per-database migration lock for a juggler connector, or
 * `undefined` for connectors without one (anything but `postgresql` and
 * `mysql`). Waits while another session holds it, polling with exponential
 * backoff and jitter.
 *
 * @throws MigrationLockTimeoutError when the lock is still held by another
 * session after `timeoutMs`; its message names that session where the
 * database can tell
 * @throws InvalidMigrationOptionsError for a bad timeout or delay
 * @throws the driver's error when the lock's own connection cannot be
 * opened or the database fails; that connection is never kept
 */
export async function acquireMigrationLock(
  connector: JugglerConnector,
  options: LockOptions = {},
): Promise<MigrationLock | undefined> {
  const settings = resolveOptions(options);
  const open = dialectFor(connector.name ?? '')?.openLockSession;
  if (!open) return undefined;
  const ownerToken = options.owner ? tokenOf(options.owner) : undefined;
  // The owner took this connector's lock before: share it (and its checks:
  // a lock lost since is found at the next check, never waited for).
  const taken = ownerToken && lockTakenFor(connector, ownerToken);
  if (taken) return taken;
  const session = await open(connector);
  try {
    const lock = await waitForLock(
      session,
      settings,
      ownerToken,
      options.onOrphanWait,
    );
    debug('%s: acquired', lock.label);
    if (ownerToken) noteLockTaken(connector, ownerToken, lock.label);
    return lock;
  } catch (err) {
    // Ending the session also frees the lock if it was taken.
    await session.close();
    throw err;
  }
}

interface Settings {
  readonly timeoutMs: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly terminateOrphans: boolean;
}

async function waitForLock(
  session: LockSession,
  settings: Settings,
  ownerToken: string | undefined,
  onOrphanWait: ((message: string) => void) | undefined,
): Promise<MigrationLock> {
  const started = Date.now();
  const deadline = started + settings.timeoutMs;
  let delay = settings.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    if (await session.tryLock()) {
      if (ownerToken !== undefined) await session.markOwner(ownerToken);
      const orphanNote = await settleOrphans(
        session,
        settings,
        started,
        onOrphanWait,
      );
      return heldLock(session, ownerToken, orphanNote, attempt > 1);
    }
    if (ownerToken !== undefined && (await session.heldByOwner(ownerToken))) {
      await session.close();
      debug('%s: shares the lock of its owner', session.label);
      return sharedLock(ownerToken, session.label);
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new MigrationLockTimeoutError(
        await timeoutMessage(session, Date.now() - started, settings.timeoutMs),
      );
    }
    if (attempt === 1) debug('%s: held elsewhere, waiting', session.label);
    // "Equal jitter": between half the delay and the whole of it.
    const pause = delay / 2 + (Math.random() * delay) / 2;
    await sleep(Math.min(remaining, Math.ceil(pause)));
    delay = Math.min(delay * 2, settings.maxDelayMs);
  }
}

async function timeoutMessage(
  session: LockSession,
  waitedMs: number,
  timeoutMs: number,
): Promise<string> {
  let holder: Holder | undefined;
  try {
    holder = await session.holder();
  } catch (err) {
    debug('%s: cannot tell who holds the lock: %s', session.label, err);
  }
  const held = holder
    ? `It is held by ${holder.description}, most likely another process ` +
      'migrating this database.'
    : 'Another session holds it (most likely another process migrating ' +
      'this database); the database does not say which (it may have just ' +
      'released it, or this user may not see other sessions).';
  const stuck = holder
    ? `If no migration is running, that session is stuck: end it (${holder.endHint}) and the lock dies with it.`
    : `If no migration is running, find the stuck session (${session.findHint}) and end it; the lock dies with it.`;
  return (
    `Timed out after ${waitedMs} ms waiting for the schema migration lock ` +
    `of ${session.label}. ` +
    `${held} Wait for that migration to finish and retry, or wait longer ` +
    `with the lockTimeoutMs option (now ${timeoutMs} ms). ${stuck}`
  );
}

function resolveOptions(options: LockOptions): Settings {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const initialDelayMs =
    options.initialDelayMs ?? DEFAULT_LOCK_POLL_INITIAL_DELAY_MS;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_LOCK_POLL_MAX_DELAY_MS;
  check('lockTimeoutMs', timeoutMs, 0);
  check('the lock initialDelayMs', initialDelayMs, 1);
  check('the lock maxDelayMs', maxDelayMs, 1);
  return {
    timeoutMs,
    initialDelayMs,
    maxDelayMs: Math.max(maxDelayMs, initialDelayMs),
    terminateOrphans: options.terminateOrphans ?? false,
  };
}

function check(name: string, value: unknown, min: number): void {
  const problem = millisecondsProblem(name, value, min);
  if (problem) throw new InvalidMigrationOptionsError(problem);
}

const OWNER_TOKENS = new WeakMap<object, string>();

function tokenOf(owner: object): string {
  let token = OWNER_TOKENS.get(owner);
  if (!token) {
    token = randomBytes(8).toString('hex');
    OWNER_TOKENS.set(owner, token);
  }
  return token;
}
