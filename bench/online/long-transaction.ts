import {setTimeout as sleep} from 'node:timers/promises';
import type {TestDatabase} from '../../test/support/databases';
import {loadStatements, openSession} from './sessions';

/** How the long transaction ended. */
export interface HeldLock {
  /** When its COMMIT returned, `performance.now()` ms. */
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
  const locked = (async () => {
    await session.query(
      db.kind === 'postgresql' ? 'BEGIN' : 'START TRANSACTION',
    );
    await session.query(sql.lockRow, [1]);
  })();
  const done = (async (): Promise<HeldLock> => {
    try {
      await locked;
      await sleep(holdMs);
      await session.query('COMMIT');
      return {committed: performance.now()};
    } catch (err) {
      return {
        committed: Number.NaN,
        error: err instanceof Error ? err.message : String(err),
      };
    } finally {
      await session.close().catch(() => undefined);
    }
  })();
  return {locked, done};
}
