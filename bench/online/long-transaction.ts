import {setTimeout as sleep} from 'node:timers/promises';
import type {TestDatabase} from '../../test/support/databases';
import {loadStatements, openSession} from './sessions';

/** When the long transaction held its lock, `performance.now()` ms. */
export interface HeldLock {
  /** Its row lock was granted. */
  readonly locked: number;
  /** Its COMMIT returned. */
  readonly committed: number;
  /** Set when it failed. */
  readonly error?: string;
}

/**
 * Another session of the app holding a row lock on `Order`: BEGIN, UPDATE
 * order 1 (a row the load never touches), sleep `holdMs`, COMMIT, as a slow
 * request of the app would. Resolves `locked` once the row is locked;
 * `done` once it committed.
 */
export async function holdRowLock(
  db: TestDatabase,
  holdMs: number,
): Promise<{locked: Promise<void>; done: Promise<HeldLock>}> {
  const session = await openSession(db, 'bench-long-transaction');
  const sql = loadStatements(db.kind);
  let lockedAt = Number.NaN;
  const locked = (async () => {
    await session.query(
      db.kind === 'postgresql' ? 'BEGIN' : 'START TRANSACTION',
    );
    await session.query(sql.lockRow, [1]);
    lockedAt = performance.now();
  })();
  const done = (async (): Promise<HeldLock> => {
    try {
      await locked;
      await sleep(holdMs);
      await session.query('COMMIT');
      return {locked: lockedAt, committed: performance.now()};
    } catch (err) {
      return {
        locked: lockedAt,
        committed: Number.NaN,
        error: err instanceof Error ? err.message : String(err),
      };
    } finally {
      await session.close().catch(() => undefined);
    }
  })();
  return {locked, done};
}
