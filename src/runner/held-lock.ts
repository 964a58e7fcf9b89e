/**
 * A held migration lock, watched for the rest of the run.
 *
 * The lock lives as long as its database session. The server may end that
 * session during a run (an operator's `pg_terminate_backend()` or `KILL`, an
 * idle timeout, a proxy): the lock is then gone and another process may
 * enter. A run learns it three ways: for free, from the lock connection's
 * `'error'` and `'end'` events (`lost`); with one cheap round trip on the
 * lock connection before a change (`verify()`); and, on PostgreSQL, inside
 * the change's own transaction (`assertion`), so that the transaction
 * commits only while the lock is held.
 */
import {debugLogger} from '../debug';

const debug = debugLogger('lock');

/** How long `verify()` waits for the lock connection's answer, in ms. */
export const LOCK_CHECK_TIMEOUT_MS = 10_000;

/**
 * The SQLSTATE of the error the PostgreSQL {@link MigrationLock.assertion}
 * raises when the lock is no longer held.
 */
export const LOCK_LOST_SQLSTATE = 'LSM01';

/** A held migration lock. */
export interface MigrationLock {
  /** `database "x" (postgresql)`, for messages. */
  readonly label: string;
  /**
   * Why the lock is gone, as far as known without asking the database (its
   * connection reported an error or its end, or `verify()` found it gone);
   * `undefined` while it is held as far as known.
   */
  readonly lost: Error | undefined;
  /**
   * Ask the database, in one round trip on the lock's connection, whether
   * the lock's session still holds it: resolves to why it is gone, or
   * `undefined` while held. Never rejects.
   */
  verify(): Promise<Error | undefined>;
  /**
   * PostgreSQL: a statement that fails with SQLSTATE
   * {@link LOCK_LOST_SQLSTATE} when the lock's session no longer holds it.
   * Run inside a transaction just before `COMMIT`, it lets the transaction
   * commit only under the lock, without a round trip of its own.
   */
  readonly assertion?: string;
  /**
   * What its holder waited for (or ended) before it could use the lock: an
   * earlier migration's work the database still ran after its process
   * ended (see `settleOrphans()`), in words; `undefined` when nothing.
   */
  readonly orphanNote?: string;
  /** Whether another session held the lock when it was first asked for. */
  readonly waited?: boolean;
  /**
   * Release the lock and close its connection. Never rejects and may be
   * called more than once: when the connection has died (the lock died with
   * it) or the unlock fails, closing the connection ends the database
   * session and so frees the lock.
   */
  release(): Promise<void>;
}

/** What a held lock needs of its session (see `lock.ts`). */
export interface HeldSession {
  readonly label: string;
  /** Set when the connection failed or ended: the lock (if any) is gone. */
  readonly lost: Error | undefined;
  /** Whether this session holds the lock, asked of the database. */
  stillHeld(): Promise<boolean>;
  /** See {@link MigrationLock.assertion}. */
  readonly assertion?: string;
  /** Release the lock; `false` when it was not held. */
  unlock(): Promise<boolean>;
  /** Close the connection (ends the session); never rejects. */
  close(): Promise<void>;
}

/** Whether an error is the failed PostgreSQL {@link MigrationLock.assertion}. */
export function isLockAssertionFailure(err: unknown): boolean {
  return (err as {code?: unknown} | null)?.code === LOCK_LOST_SQLSTATE;
}

/**
 * The locks held per owner token and database label, for locks that share
 * them (see `LockOptions.owner`).
 */
const HELD = new Map<string, MigrationLock>();

/** The lock held on `session`, registered for its owner's shared locks. */
export function heldLock(
  session: HeldSession,
  ownerToken: string | undefined,
  orphanNote?: string,
  waited = false,
): MigrationLock {
  const key =
    ownerToken === undefined
      ? undefined
      : sharingKey(ownerToken, session.label);
  let lostReason: Error | undefined;
  let released: Promise<void> | undefined;
  const lock: MigrationLock = {
    label: session.label,
    assertion: session.assertion,
    orphanNote,
    waited,
    get lost() {
      return lostReason ?? session.lost;
    },
    async verify() {
      if (this.lost) return this.lost;
      lostReason = await askHeld(session);
      if (lostReason) {
        debug('%s: lost: %s', session.label, lostReason.message);
        // End the session: a lock it may still hold must not outlive this.
        await session.close();
      }
      return lostReason;
    },
    release() {
      released ??= (async () => {
        if (key !== undefined && HELD.get(key) === lock) HELD.delete(key);
        if (lock.lost) {
          debug('%s: lost, the lock died with its session', session.label);
          await session.close();
          return;
        }
        try {
          if (!(await session.unlock())) {
            debug('%s: the lock was no longer held', session.label);
          }
        } catch (err) {
          debug('%s: unlock failed: %s', session.label, err);
        }
        // Closing ends the session: a lock a failed unlock left dies with it.
        await session.close();
        debug('%s: released', session.label);
      })();
      return released;
    },
  };
  if (key !== undefined) HELD.set(key, lock);
  return lock;
}

/**
 * A lock that shares the lock its owner holds on the same database: it
 * holds no connection, its checks are those of the shared lock, and its
 * `release()` does nothing.
 */
export function sharedLock(ownerToken: string, label: string): MigrationLock {
  const gone = (): Error | undefined =>
    HELD.has(sharingKey(ownerToken, label))
      ? undefined
      : new Error(`the lock it shared on ${label} was released`);
  return {
    label,
    get lost() {
      return gone() ?? HELD.get(sharingKey(ownerToken, label))?.lost;
    },
    async verify() {
      return gone() ?? HELD.get(sharingKey(ownerToken, label))?.verify();
    },
    get assertion() {
      return HELD.get(sharingKey(ownerToken, label))?.assertion;
    },
    release: async () => {},
  };
}

/**
 * The last lock taken through each connector: its owner and database label
 * (one entry per connector; a later run replaces it).
 */
const TAKEN = new WeakMap<object, {ownerToken: string; label: string}>();

/** Remember that the owner took a lock on `label` through `connector`. */
export function noteLockTaken(
  connector: object,
  ownerToken: string,
  label: string,
): void {
  TAKEN.set(connector, {ownerToken, label});
}

/**
 * A lock sharing the one the owner took through this connector and still
 * holds or lost (see {@link sharedLock}); `undefined` when it took none or
 * released it.
 */
export function lockTakenFor(
  connector: object,
  ownerToken: string,
): MigrationLock | undefined {
  const taken = TAKEN.get(connector);
  if (taken?.ownerToken !== ownerToken) return undefined;
  if (!HELD.has(sharingKey(ownerToken, taken.label))) return undefined;
  return sharedLock(ownerToken, taken.label);
}

function sharingKey(ownerToken: string, label: string): string {
  return `${ownerToken}\n${label}`;
}

async function askHeld(session: HeldSession): Promise<Error | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Error>(resolve => {
    timer = setTimeout(
      () =>
        resolve(
          new Error(
            `the lock's connection did not answer within ${LOCK_CHECK_TIMEOUT_MS} ms`,
          ),
        ),
      LOCK_CHECK_TIMEOUT_MS,
    );
  });
  const asked = session.stillHeld().then(
    held =>
      held
        ? undefined
        : new Error(
            'the database no longer shows the lock held by its session',
          ),
    (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
  );
  try {
    return await Promise.race([asked, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
