/**
 * Orphaned migration backends on PostgreSQL.
 *
 * The apply sends its whole transaction (`BEGIN; ...; COMMIT`) in one round
 * trip. When the process is killed (kill -9, OOM killer) while the server
 * runs it, the server carries on and commits it *later*, but the migration
 * lock, a session lock on another connection, dies with the process at once.
 * The next run would take the lock and plan from a catalog that is about to
 * change ("column ... already exists").
 *
 * So the apply's transaction names itself (`SET LOCAL application_name`,
 * visible to every session in `pg_stat_activity`, and reset when the
 * transaction ends), and the query that takes the lock also lists the
 * backends of this database still running such a transaction. A run that
 * finds one waits for it to end (within `lockTimeoutMs`) before it plans, or
 * ends it with `terminateOrphanedMigrations: true`.
 *
 * MySQL and MariaDB send the statements one at a time: a killed process
 * leaves at most the one statement the server was running (an ALTER TABLE
 * goes on to its end). Each apply statement, and each statement a script
 * outside a transaction runs with `ctx.execute()`, starts with a comment
 * naming it, which `information_schema.PROCESSLIST.INFO` shows, and the
 * query that takes the lock looks for it there in the same way.
 */
import {setTimeout as sleep} from 'node:timers/promises';
import {debugLogger} from '../debug';
import {MigrationLockTimeoutError} from '../errors';

const debug = debugLogger('lock');

/** The `application_name` of a migration's apply transaction on PostgreSQL. */
export const MIGRATION_APPLICATION_NAME = 'loopback-schema-migration:apply';

/** A backend of another session running a migration's transaction. */
export interface OrphanedBackend {
  readonly pid: number;
  readonly state: string | null;
  /** When its transaction started (ISO text), if the database says. */
  readonly xactStart: string | null;
}

/** The backends of `rows[0].orphans`, as the driver parsed the JSON column. */
export function orphansOf(value: unknown): OrphanedBackend[] {
  // MySQL / MariaDB return the JSON as text.
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as OrphanedBackend[]) : [];
}

/** The orphans in words, for messages. */
export function describeOrphans(orphans: readonly OrphanedBackend[]): string {
  return orphans
    .map(
      o =>
        `pid ${o.pid} (${o.state ?? 'state unknown'}` +
        (o.xactStart ? `, transaction started ${o.xactStart}` : '') +
        ')',
    )
    .join(', ');
}

/** The message of the lock time-out while an orphan was still running. */
export function orphanTimeoutMessage(
  label: string,
  orphans: readonly OrphanedBackend[],
  waitedMs: number,
  timeoutMs: number,
  endHint: string,
): string {
  const list = describeOrphans(orphans);
  return (
    `Timed out after ${waitedMs} ms waiting for an earlier migration's ` +
    `transaction on ${label} to end: session ${list} ` +
    `(tagged "${MIGRATION_APPLICATION_NAME}") is still running ` +
    'it, most likely for a process that died (kill -9) while its statements were ' +
    "on the server (on MySQL / MariaDB, also a migration script's statement " +
    'left running by its time limit). Planning now would plan from a catalog that is about to ' +
    'change, so nothing was done. Wait for it to end and run again, wait ' +
    `longer with the lockTimeoutMs option (now ${timeoutMs} ms), or end it ` +
    'with the terminateOrphanedMigrations option (what it runs is rolled ' +
    `back): ${endHint}.`
  );
}

/** A lock session's view of the orphans (see `lock.ts`). */
export interface OrphanWatch {
  /** `database "x" (postgresql)`, for messages. */
  readonly label: string;
  /**
   * The other sessions running an earlier migration's transaction (or, on
   * MySQL, statement), as the last `tryLock()` saw them.
   */
  readonly orphans: readonly OrphanedBackend[];
  /** Look for them again. */
  checkOrphans(): Promise<readonly OrphanedBackend[]>;
  /** End those sessions. */
  terminate(pids: readonly number[]): Promise<void>;
  /** The statement that ends an orphan's session, for messages. */
  endOrphanHint(pid: number): string;
}

/** How {@link settleOrphans} waits: the lock's own settings. */
export interface OrphanWait {
  readonly timeoutMs: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly terminateOrphans: boolean;
}

/** How often {@link settleOrphans} says it is still waiting, in ms. */
const STILL_WAITING_MS = 10_000;

/**
 * Wait (within the lock's time-out, counted from `started`) until no other
 * session of the database runs an earlier migration's transaction, or end
 * those with `terminateOrphans`: planning must not read a catalog about to
 * change. `onWait` hears when the wait starts, and every 10 s of it.
 * Resolves to what it waited for or ended, in words (for the run's
 * warnings), or `undefined` when there was nothing.
 *
 * @throws MigrationLockTimeoutError naming the orphan when it outlasts the time-out
 */
export async function settleOrphans(
  session: OrphanWatch,
  settings: OrphanWait,
  started: number,
  onWait?: (message: string) => void,
): Promise<string | undefined> {
  let orphans = session.orphans;
  if (orphans.length === 0) return undefined;
  const first = describeOrphans(orphans);
  const waitStarted = Date.now();
  let told = 0;
  let delay = settings.initialDelayMs;
  while (orphans.length > 0) {
    const remaining = started + settings.timeoutMs - Date.now();
    if (remaining <= 0) {
      throw new MigrationLockTimeoutError(
        orphanTimeoutMessage(
          session.label,
          orphans,
          Date.now() - started,
          settings.timeoutMs,
          session.endOrphanHint(orphans[0].pid),
        ),
      );
    }
    if (settings.terminateOrphans) {
      debug('%s: terminating %s', session.label, describeOrphans(orphans));
      await session.terminate(orphans.map(o => o.pid));
    } else {
      debug('%s: waiting for %s', session.label, describeOrphans(orphans));
      const waited = Date.now() - waitStarted;
      if (waited >= told) {
        onWait?.(waitingMessage(session.label, orphans, waited));
        told = waited + STILL_WAITING_MS;
      }
    }
    await sleep(Math.min(remaining, delay));
    delay = Math.min(delay * 2, settings.maxDelayMs);
    orphans = await session.checkOrphans();
  }
  const seconds = ((Date.now() - waitStarted) / 1000).toFixed(1);
  return settings.terminateOrphans
    ? `ended an earlier migration's work that ${session.label} was still running ` +
        `(${first}) before planning (terminateOrphanedMigrations): its process had ended ` +
        'without finishing it, and what it ran was rolled back'
    : `waited ${seconds} s before planning for an earlier migration's work that ` +
        `${session.label} was still running (${first}): its process had ended (kill -9, ` +
        'a crash) without finishing it, and it has finished since. terminateOrphanedMigrations ' +
        '(CLI --terminate-orphaned-migrations) ends such work instead of waiting';
}

/** What a run waiting for orphans says while it waits. */
function waitingMessage(
  label: string,
  orphans: readonly OrphanedBackend[],
  waitedMs: number,
): string {
  return (
    (waitedMs < 1000
      ? 'Waiting'
      : `Still waiting (${Math.round(waitedMs / 1000)} s)`) +
    ` for an earlier migration's work that ${label} is still running: ` +
    `${describeOrphans(orphans)}. Its process ended without finishing it; ` +
    'terminateOrphanedMigrations (CLI --terminate-orphaned-migrations) ends it instead.'
  );
}
