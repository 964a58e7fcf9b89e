/**
 * MariaDB counts `lock_wait_timeout` in whole seconds: a DDL statement
 * asked to wait at most 500 ms for a table's metadata lock would wait a
 * second, and every query of the app that arrives meanwhile queues behind
 * it that long. So, where the limit asked for is no whole number of
 * seconds, the statements of the apply's session are watched: the
 * session's state is read in the process list every {@link POLL_MS} ms
 * while a statement runs, and a statement seen waiting for a metadata lock
 * for about the limit is stopped with `KILL QUERY ID` (that statement
 * only, never a later one of the session). It fails with error 1317
 * (ER_QUERY_INTERRUPTED), changing nothing, as a lock wait timeout does;
 * the run backs off and tries again (`runner/lock-retry.ts`). The server's
 * own limit, rounded up, still holds should a read come late.
 */
import {setTimeout as sleep} from 'node:timers/promises';
import {debugLogger} from '../../debug';
import {queryConnector, type JugglerConnector} from '../../juggler';
import type {DbSession} from '../dialect';
import {LockWaitStopped, type LockWaitWatch} from '../lock-impact';
import {readServer} from './server';

const debug = debugLogger('lock-retry');

/** How often a running statement's state is read, in ms. */
const POLL_MS = 50;

/** The process list's state of a statement waiting for a metadata lock. */
const WAITING = 'Waiting for table metadata lock';

/** ER_QUERY_INTERRUPTED: what a statement stopped by `KILL QUERY` fails with. */
const QUERY_INTERRUPTED = 1317;

/** The error of a statement this watch stopped (see above). */
function stoppedError(waitedMs: number, limitMs: number, cause: unknown) {
  return new LockWaitStopped(
    `Lock wait timeout exceeded: the statement waited ${waitedMs} ms for a table's ` +
      `metadata lock (statementLockTimeoutMs ${limitMs}; MariaDB's lock_wait_timeout ` +
      'counts whole seconds) and was stopped (KILL QUERY ID), changing nothing',
    waitedMs,
    limitMs,
    {cause},
  );
}

interface ProcessRow {
  readonly state: string | null;
  readonly queryId: number | string | null;
}

/**
 * The watch of `session`'s statements (see above); `undefined` where the
 * server's own limit is exact (`ms` whole seconds) or the session's id is
 * unknown. It asks nothing of the pool before a statement has run
 * {@link POLL_MS} ms (the session may hold the pool's only connection: its
 * reads then wait for it, and the server's own limit holds), and keeps
 * watching only on MariaDB (MySQL has no `KILL QUERY ID`).
 */
export async function watchMetadataWaits(
  connector: JugglerConnector,
  session: DbSession,
  ms: number,
): Promise<LockWaitWatch | undefined> {
  const thread = session.threadId;
  if (ms % 1000 === 0 || thread === undefined) return undefined;
  let mariadb: Promise<boolean> | undefined;
  const onMariadb = () =>
    (mariadb ??= readServer(connector).then(server => server.mariadb));
  return {
    async run(statement) {
      const watch: Watch = {done: false, stopped: undefined};
      void watchStatement(connector, thread, ms, watch, onMariadb);
      try {
        await statement();
      } catch (err) {
        const stopped = watch.stopped;
        const errno = Number((err as {errno?: unknown} | null)?.errno);
        if (stopped !== undefined && errno === QUERY_INTERRUPTED) {
          throw stoppedError(stopped, ms, err);
        }
        throw err;
      } finally {
        watch.done = true;
      }
    },
  };
}

/** One statement's watch: whether it ended, and how long it waited if stopped. */
interface Watch {
  done: boolean;
  stopped: number | undefined;
}

/**
 * Read the session's state until `watch.done`; stop the statement it runs
 * once it was seen waiting for a metadata lock for `ms` less one poll (so
 * that it waits at most about `ms`), recording how long in
 * `watch.stopped`. Never rejects: a failed read ends the watch (the
 * server's own limit then holds) and is logged.
 */
async function watchStatement(
  connector: JugglerConnector,
  thread: number,
  ms: number,
  watch: Watch,
  onMariadb: () => Promise<boolean>,
): Promise<void> {
  let waiting: {query: string; since: number} | undefined;
  try {
    await sleep(POLL_MS);
    if (watch.done || !(await onMariadb())) return;
    while (!watch.done) {
      const [row] = await queryConnector<ProcessRow>(
        connector,
        'SELECT STATE AS state, QUERY_ID AS queryId FROM information_schema.PROCESSLIST WHERE ID = ?',
        [thread],
      );
      if (watch.done) return;
      const query = row?.state === WAITING ? String(row.queryId) : undefined;
      // Seen waiting from now: it may have waited up to a poll before.
      if (query === undefined) waiting = undefined;
      else if (waiting?.query !== query) {
        waiting = {query, since: performance.now()};
      }
      const waited = waiting && performance.now() - waiting.since + POLL_MS;
      if (waited !== undefined && waited >= ms) {
        watch.stopped = Math.round(waited);
        await queryConnector(connector, `KILL QUERY ID ${Number(query)}`);
        return;
      }
      await sleep(POLL_MS);
    }
  } catch (err) {
    debug('watching the lock waits of session %d failed: %s', thread, err);
  }
}
