import type {Context} from '@loopback/core';
import {debugLogger} from '../debug';
import {
  findDataSources,
  type BeforeRepositories,
  type DataSourceTarget,
} from '../discovery/data-sources';
import {stopHearingLentConnections} from '../discovery/lent-connections';
import {stopWatchingConnectionErrors, type JugglerConnector} from '../juggler';
import type {MigrationOperation} from '../types';
import type {MigrationLock} from './held-lock';
import type {LockTurn} from './lock-order';

const debug = debugLogger('lock');

/** The locks a run holds until it ends, and how it takes them. */
export interface LockHolding {
  readonly locks: MigrationLock[];
  /** Datasources of one run on one database share its lock. */
  readonly owner: object;
  /** End an earlier migration's orphaned transaction instead of waiting. */
  readonly terminateOrphans: boolean;
  /** Hears a wait for such a transaction (the run's `onProgress`). */
  readonly onProgress?: (message: string) => void;
}

/** A run's datasources and what it holds until it ends. */
export interface RunScope {
  readonly targets: DataSourceTarget[];
  readonly holding: LockHolding;
}

/**
 * The one lifecycle of every run (migrate, status, revert, baseline): find
 * the app's datasources, run `work`, and in the end, on success and on
 * failure, release every lock it took (last first) and stop listening to
 * its datasources' connection errors and their pools' lent connections
 * (see `Dialect.hearLentConnections`). `beforeRepositories`: see
 * `findDataSources()`.
 */
export async function withRunScope<T>(
  app: Context,
  {
    operation,
    terminateOrphans = false,
    beforeRepositories,
    onProgress,
  }: {
    operation: MigrationOperation;
    terminateOrphans?: boolean;
    beforeRepositories?: BeforeRepositories;
    onProgress?: (message: string) => void;
  },
  work: (scope: RunScope) => Promise<T>,
): Promise<T> {
  const targets = await findDataSources(app, operation, beforeRepositories);
  const holding: LockHolding = {
    locks: [],
    owner: {},
    terminateOrphans,
    onProgress,
  };
  try {
    return await work({targets, holding});
  } finally {
    for (const lock of holding.locks.reverse()) {
      await lock
        .release()
        .catch((err: unknown) => debug('releasing a lock failed: %s', err));
    }
    for (const {dataSource} of targets) {
      if (!dataSource) continue;
      stopHearingLentConnections(dataSource);
      stopWatchingConnectionErrors(dataSource);
    }
  }
}

/**
 * Take a connector's migration lock for the run (shared when the run holds
 * it already through another datasource of the same database); `undefined`
 * for a connector without one. See `acquireMigrationLock()`.
 */
export async function holdLock(
  connector: JugglerConnector,
  timeoutMs: number | undefined,
  holding: LockHolding,
): Promise<MigrationLock | undefined> {
  // Loaded by the first run that locks: an up-to-date start takes no lock.
  const {acquireMigrationLock} = await import('./lock');
  const lock = await acquireMigrationLock(connector, {
    timeoutMs,
    owner: holding.owner,
    terminateOrphans: holding.terminateOrphans,
    onOrphanWait: holding.onProgress,
  });
  if (lock) holding.locks.push(lock);
  return lock;
}

/**
 * {@link holdLock} in the run's lock order: after the datasources found
 * before this one took theirs (see `LockOrder`); then the ones after it may.
 */
export async function holdLockInTurn(
  connector: JugglerConnector,
  timeoutMs: number | undefined,
  holding: LockHolding,
  turn: LockTurn | undefined,
): Promise<MigrationLock | undefined> {
  await turn?.wait();
  const lock = await holdLock(connector, timeoutMs, holding);
  turn?.pass();
  return lock;
}
