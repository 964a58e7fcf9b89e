/**
 * Bounded waits for a connection of a datasource's pool.
 *
 * No code path of a run holds one pool connection while it waits for
 * another (the migration lock has a connection of its own), so a pool of any
 * size, 1 included, is enough. A checkout can still wait when the app keeps
 * every connection busy. The checkouts a run makes itself (the apply's
 * connection, each script's transaction) then wait at most `lockTimeoutMs`
 * and fail saying for what. Reads through the connector (planning, the
 * ledger) take a connection for one query at a time and are not bounded
 * here: the connector checks out for them.
 */
import {dialectFor} from '../dialects';
import type {PoolState} from '../dialects/dialect';
import {debugLogger} from '../debug';
import type {JugglerConnector} from '../juggler';
import {DEFAULT_LOCK_TIMEOUT_MS} from './lock';

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

/** The pool of a connector, as far as a wait needs to know it. */
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
  const pool = connector
    ? dialectFor(connector.name ?? '')?.poolState(connector)
    : undefined;
  const pending = checkout();
  if (pool && !pool.full) return pending;
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(waitMessage(wait, pool, purpose, Date.now() - started)));
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
  return (
    `waited ${waitedMs} ms for a connection from the pool of datasource ` +
    `"${wait.dataSource}"${size} to ${purpose}: every connection of the ` +
    'pool stayed in use elsewhere in the app. Free them, give the ' +
    `datasource more connections (${setting}), or wait longer with the ` +
    `lockTimeoutMs option (now ${wait.timeoutMs} ms).`
  );
}
