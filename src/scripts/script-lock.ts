import type {MigrationLockLostError} from '../errors';
import {isLockAssertionFailure} from '../runner/held-lock';
import type {LockGuard} from '../runner/lock-guard';
import type {ScriptTarget} from './data-source';
import type {ScriptRunError} from './execute';
import type {LoadedScript} from './load';
import {scriptLabel} from './messages';
import type {ExecuteOptions, Ledger} from './ledger-types';

/**
 * Check the migration lock before a script runs: throws
 * `MigrationLockLostError` when it is gone (one round trip on the lock's
 * connection).
 */
export function ensureLockBeforeScript(
  guard: LockGuard,
  script: LoadedScript,
  direction: 'up' | 'down',
): Promise<void> {
  const verb = direction === 'up' ? 'running' : 'reverting';
  return guard.ensureHeld(
    `${verb} migration script ${scriptLabel(script)}`,
    true,
  );
}

/**
 * The ledger as a script's run writes it under the lock: where the ledger
 * is written in the script's transaction (PostgreSQL), the lock's assertion
 * runs there first, so the script's changes and its ledger row commit only
 * while the lock is held.
 */
export function ledgerUnderLock(
  ledger: Ledger,
  target: ScriptTarget,
  guard: LockGuard,
): Ledger {
  const {assertion} = guard;
  if (!assertion || !ledger.transactional) return ledger;
  const assertHeld = async (options: ExecuteOptions | undefined) => {
    await target.dataSource.execute(assertion, [], options);
  };
  return {
    ...ledger,
    async insert(row, options) {
      await assertHeld(options);
      await ledger.insert(row, options);
    },
    async remove(version, options) {
      await assertHeld(options);
      await ledger.remove(version, options);
    },
  };
}

/**
 * The `MigrationLockLostError` of a script whose ledger write found the
 * lock gone (see {@link ledgerUnderLock}), or `undefined` for any other
 * failure.
 */
export function lockLostInScript(
  err: ScriptRunError,
  guard: LockGuard,
  script: LoadedScript,
  direction: 'up' | 'down',
): MigrationLockLostError | undefined {
  if (!isLockAssertionFailure(err.cause)) return undefined;
  const verb = direction === 'up' ? 'recording' : 'unrecording';
  return guard.lostError(
    `${verb} migration script ${scriptLabel(script)}`,
    err.cause,
    direction === 'up'
      ? 'Its transaction was rolled back: neither its changes nor its ledger row were kept.'
      : 'Its transaction was rolled back: it is still applied.',
  );
}
