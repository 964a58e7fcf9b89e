import {errorMessage} from '../database-error';
import {MigrationLockLostError} from '../errors';
import {unchangedAtFailure} from '../failure-scope';
import type {SchemaMigrationReport} from '../types';
import type {MigrationLock} from './held-lock';

/**
 * The migration lock of one datasource, checked before each change a run
 * makes there: a lost lock stops the run with a `MigrationLockLostError`
 * before the change.
 */
export interface LockGuard {
  /**
   * Throw `MigrationLockLostError` when the lock is gone. Free when the
   * loss is already known (the lock connection's events); with `ask`, one
   * round trip on the lock connection asks the database.
   *
   * @param before - the change about to be made, for the message
   * @param ask - ask the database, not only what is already known
   * @param appliedHere - what this step already applied, for the message
   */
  ensureHeld(before: string, ask: boolean, appliedHere?: string): Promise<void>;
  /**
   * Ask the database, in one round trip on the lock connection, whether the
   * lock is still held, while a change runs beside it: resolves to why it
   * is gone (`undefined` while held; always `undefined` without a lock).
   * Never rejects. The question is sent once the current turn of the event
   * loop is over: the change started in the same turn reaches the database
   * first, instead of waiting for the question to be written.
   */
  askHeld(): Promise<Error | undefined>;
  /**
   * The error for a loss that {@link askHeld} found while a change ran
   * beside it (so that change may have been made too).
   *
   * @param during - the change that ran beside the check, for the message
   * @param appliedHere - what this step applied, that change included
   */
  lostDuring(
    during: string,
    cause: unknown,
    appliedHere: string,
  ): MigrationLockLostError;
  /**
   * Ask, right after a change that nothing checked while it ran (an online
   * statement outside a transaction, the last statement or script of a
   * run), whether the lock is still held ({@link askHeld}); when it is gone,
   * throw the error saying that change ran to its end and was made.
   *
   * @param after - the change that ran, for the message
   * @param appliedHere - what this step applied, that change included
   */
  ensureHeldAfter(after: string, appliedHere: string): Promise<void>;
  /** See `MigrationLock.assertion`; absent where there is none. */
  readonly assertion?: string;
  /**
   * What the run leaves changed when this datasource fails before its
   * first change, in words (see `unchangedAtFailure`): read when asked.
   */
  unchanged(): string;
  /** The error for a loss found otherwise (the failed assertion). */
  lostError(
    before: string,
    cause: unknown,
    appliedHere?: string,
  ): MigrationLockLostError;
}

/**
 * The guard of a datasource's lock (none without a lock: dry runs,
 * connectors without one). `report` is read when a loss is found, to say
 * what the run applied before it.
 */
export function lockGuard(
  lock: MigrationLock | undefined,
  dataSource: string,
  report: SchemaMigrationReport,
): LockGuard {
  const lost = (
    found: string,
    cause: unknown,
    appliedHere?: string,
  ): MigrationLockLostError =>
    new MigrationLockLostError(
      lockLostMessage(
        dataSource,
        lock?.label,
        found,
        cause,
        report,
        appliedHere,
      ),
      dataSource,
      report,
      {cause},
    );
  const lostError = (
    before: string,
    cause: unknown,
    appliedHere?: string,
  ): MigrationLockLostError =>
    lost(
      `The run found it before ${before} and stopped there: nothing was applied after the loss was found.`,
      cause,
      appliedHere,
    );
  const askHeld = async (): Promise<Error | undefined> => {
    if (!lock) return undefined;
    await new Promise(resolve => setImmediate(resolve));
    return lock.lost ?? (await lock.verify());
  };
  return {
    assertion: lock?.assertion,
    unchanged: () => unchangedAtFailure(report, dataSource),
    lostError,
    lostDuring: (during, cause, appliedHere) =>
      lost(
        `The run found it while ${during}, asked at the same time, and stopped there.`,
        cause,
        appliedHere,
      ),
    askHeld,
    async ensureHeldAfter(after, appliedHere) {
      const cause = await askHeld();
      if (cause) {
        throw lost(
          `The run found it after ${after}, which ran to its end, and stopped there.`,
          cause,
          appliedHere,
        );
      }
    },
    async ensureHeld(before, ask, appliedHere) {
      if (!lock) return;
      const lost = lock.lost ?? (ask ? await lock.verify() : undefined);
      if (lost) throw lostError(before, lost, appliedHere);
    },
  };
}

function lockLostMessage(
  dataSource: string,
  database: string | undefined,
  found: string,
  cause: unknown,
  report: SchemaMigrationReport,
  appliedHere: string | undefined,
): string {
  const reason = errorMessage(cause);
  const applied = [
    ...report.dataSources
      .filter(ds => ds.status === 'migrated')
      .map(
        ds =>
          `  datasource "${ds.name}": schema migrated (${ds.statements.length} statement(s))`,
      ),
    ...report.scripts
      .filter(s => s.status === 'applied')
      .map(
        s =>
          `  migration script ${s.version} (${s.name}) on datasource "${s.dataSource}"`,
      ),
  ];
  return [
    `The migration lock of datasource "${dataSource}"` +
      (database ? ` on ${database}` : '') +
      ` was lost: ${reason}.`,
    found + (appliedHere ? ` ${appliedHere}` : ''),
    applied.length > 0
      ? `Applied before (it stays applied):\n${applied.join('\n')}`
      : appliedHere
        ? 'Nothing else of this run was applied before.'
        : 'This run applied nothing before.',
    'The lock dies with its database session (ended by an operator, an idle ' +
      'timeout or a proxy): another process may be migrating this database now. ' +
      'Re-running is safe: the next run takes the lock again, plans from the ' +
      'database as it is and runs only the scripts its ledger does not record.',
  ].join('\n');
}
