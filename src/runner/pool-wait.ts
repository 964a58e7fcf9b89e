/**
 * Bounded waits for a connection of a datasource's pool.
 *
 * No code path of a run holds one pool connection while it waits for
 * another (the migration lock has a connection of its own), so a pool of any
 * size, 1 included, is enough. A checkout can still wait when the app keeps
 * every connection busy. The checkouts a run makes itself (the apply's
 * connection, each script's transaction) then wait at most `lockTimeoutMs`
 * and fail saying for what. Reads through the connector (planning, the
 * ledger) take a connection for one query at a time: before its first (and
 * again once it holds the migration lock, which it may have waited for) a
 * run waits, at most as long, until the pool can lend one
 * ({@link poolReadyWithin}).
 */
import {dialectFor} from '../dialects';
import type {Dialect} from '../dialects/contract';
import type {PoolState} from '../dialects/dialect';
import {debugLogger} from '../debug';
import type {JugglerConnector} from '../juggler';
import {DEFAULT_LOCK_TIMEOUT_MS} from './lock-session';

const debug = debugLogger('pool');

/** Whose pool a checkout waits for, and how long it may. */
export interface PoolWait {
  /** The datasource, as bound. */
  readonly dataSource: string;
  /** The longest wait for a connection, in ms (the run's `lockTimeoutMs`). */
  readonly timeoutMs: number;
}

/** The pool wait of a datasource for a run with this `lockTimeoutMs`. */
export function poolWait(
  dataSource: string,
  lockTimeoutMs: number | undefined,
): PoolWait {
  return {dataSource, timeoutMs: lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS};
}

/**
 * Wait until the connector's pool can lend a connection (the dialect's
 * `schemaState.connectionReady`, which checks one out and gives it back),
 * at most `wait.timeoutMs` when every connection is in use: the reads a run
 * sends through the connector would otherwise queue in the pool, without
 * end while the app holds every connection (a transaction of a pool of one
 * left open), and the run with them, holding the migration lock.
 *
 * @throws Error naming the datasource, the pool and the fixes, when no
 * connection comes in time
 */
export async function poolReadyWithin(
  dialect: Dialect,
  connector: JugglerConnector,
  wait: PoolWait,
  purpose: string,
): Promise<void> {
  await checkOutWithin(
    connector,
    wait,
    purpose,
    () => dialect.schemaState.connectionReady(connector),
    // A late connection was given back already.
    () => undefined,
  );
}

/**
 * Check a connection (or a transaction) out of the connector's pool with
 * `checkout`. When every connection is in use, wait for one at most
 * `wait.timeoutMs`; past that, reject with an error naming the pool and the
 * fixes, and give back (`giveBack`) the connection when it comes after all.
 */
export async function checkOutWithin<T>(
  connector: JugglerConnector | undefined,
  wait: PoolWait,
  purpose: string,
  checkout: () => Promise<T>,
  giveBack: (connection: T) => void | Promise<void>,
): Promise<T> {
  const stateNow = () =>
    connector
      ? dialectFor(connector.name ?? '')?.poolState(connector)
      : undefined;
  const pool = stateNow();
  const pending = checkout();
  if (pool && !pool.full) return pending;
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      const waited = Date.now() - started;
      reject(new Error(waitMessage(wait, stateNow(), purpose, waited)));
    }, wait.timeoutMs);
  });
  pending.then(
    async connection => {
      if (!timedOut) return;
      try {
        await giveBack(connection);
      } catch (err) {
        // The run has failed already, with the error that matters.
        debug('giving back a late connection failed: %s', err);
      }
    },
    () => undefined,
  );
  try {
    return await Promise.race([pending, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function waitMessage(
  wait: PoolWait,
  pool: PoolState | undefined,
  purpose: string,
  waitedMs: number,
): string {
  const size = pool ? ` (${pool.setting} ${pool.max})` : '';
  const setting = pool ? `its ${pool.setting} setting` : 'its pool size';
  const waited =
    `waited ${waitedMs} ms for a connection from the pool of datasource ` +
    `"${wait.dataSource}"${size} to ${purpose}: `;
  const longer = `wait longer with the lockTimeoutMs option (now ${wait.timeoutMs} ms).`;
  if (pool?.connecting) {
    return (
      waited +
      'the server did not finish accepting a new connection of the pool ' +
      '(a server down or overloaded, a wrong host or port, a firewall ' +
      "dropping packets). Check that it is running and that the datasource's " +
      `host and port (or url) point at it, or ${longer}`
    );
  }
  return (
    waited +
    'every connection of the pool stayed in use elsewhere in the app. ' +
    `Free them, give the datasource more connections (${setting}), or ${longer}`
  );
}
