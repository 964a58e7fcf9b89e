/**
 * The cluster-wide migration lock: one migration at a time per database,
 * whichever process (replica, CI job, developer laptop) starts it.
 *
 * The lock is a *session* lock of the database server, held on a connection
 * of its own, opened outside the connector's pool (see `lock-connection.ts`:
 * so that it never takes a connection the run needs, and any pool size,
 * even 1, works): PostgreSQL's advisory locks, MySQL's and MariaDB's
 * `GET_LOCK()`. It dies with that connection, so a crashed or killed process
 * never leaves it behind, and nothing is written to any table.
 *
 * It is taken with a non-blocking attempt polled with exponential backoff
 * and jitter, never with a blocking call: a session waiting in
 * `pg_advisory_lock()` holds a virtual transaction id that
 * `CREATE INDEX CONCURRENTLY` of the lock holder waits for — a deadlock.
 */
import {debugLogger} from '../debug';
import {createHash, randomBytes} from 'node:crypto';
import {setTimeout as sleep} from 'node:timers/promises';
import {
  InvalidMigrationOptionsError,
  MigrationLockTimeoutError,
} from '../errors';
import type {JugglerConnector} from '../juggler';
import {millisecondsProblem} from '../options';
import {
  heldLock,
  lockTakenFor,
  noteLockTaken,
  sharedLock,
  LOCK_LOST_SQLSTATE,
  type HeldSession,
  type MigrationLock,
} from './held-lock';
import {openMysqlLockConnection, openPgLockConnection} from './lock-connection';
import {
  MYSQL_ORPHANS_COLUMN,
  orphansOf,
  PG_ORPHANS_COLUMN,
  PG_TERMINATE_ORPHANS,
  settleOrphans,
  type OrphanedBackend,
  type OrphanWatch,
} from './orphans';

export type {MigrationLock} from './held-lock';

const debug = debugLogger('lock');

/** How long `acquireMigrationLock()` waits for the lock by default, in ms. */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

/** The first pause between two attempts to take the lock, in ms. */
export const DEFAULT_LOCK_POLL_INITIAL_DELAY_MS = 50;

/** The longest pause between two attempts to take the lock, in ms. */
export const DEFAULT_LOCK_POLL_MAX_DELAY_MS = 1_000;

/** The name the lock is known by (and derived from) on every database. */
export const MIGRATION_LOCK_NAME = 'loopback-schema-migration';

/**
 * The PostgreSQL advisory lock key (one `bigint`): the first 8 bytes of the
 * SHA-256 of {@link MIGRATION_LOCK_NAME}. PostgreSQL scopes advisory locks
 * to the current database, so one constant key gives one lock per database.
 * In `pg_locks` it shows as `locktype = 'advisory'`, `objsubid = 1`,
 * `classid` its high and `objid` its low 32 bits.
 */
export const POSTGRES_LOCK_KEY: bigint = advisoryKey(MIGRATION_LOCK_NAME);

/** MySQL and MariaDB reject `GET_LOCK()` names longer than this. */
const MYSQL_LOCK_NAME_MAX = 64;

/**
 * The MySQL / MariaDB `GET_LOCK()` name of a database's migration lock:
 * `loopback-schema-migration:<database>`. Those names are server-wide, hence
 * the database; when the result would pass 64 characters, the database name
 * is replaced by a hash of it.
 */
export function mysqlLockName(database: string): string {
  return boundedLockName(`${MIGRATION_LOCK_NAME}:`, database);
}

/** How `acquireMigrationLock()` waits. */
export interface LockOptions {
  /**
   * How long to wait for another holder to release the lock before failing
   * with `MigrationLockTimeoutError`, in ms; `0` tries once.
   * @default DEFAULT_LOCK_TIMEOUT_MS (60000)
   */
  readonly timeoutMs?: number;
  /**
   * The first pause between attempts, in ms; each pause doubles (with
   * jitter) up to `maxDelayMs`.
   * @default DEFAULT_LOCK_POLL_INITIAL_DELAY_MS (50)
   */
  readonly initialDelayMs?: number;
  /**
   * The longest pause between attempts, in ms.
   * @default DEFAULT_LOCK_POLL_MAX_DELAY_MS (1000)
   */
  readonly maxDelayMs?: number;
  /**
   * Locks taken with the same owner (any object, e.g. one per migration run)
   * do not wait for each other: when the lock of a database is already held
   * by this owner through another datasource (another pool) on the same
   * database, the new lock shares it at once instead of waiting for itself
   * until the timeout. A shared lock holds no connection and guards only as
   * long as the lock it shares is held; its `release()` does nothing.
   */
  readonly owner?: object;
  /**
   * End the orphaned transaction or statement of an earlier migration (see
   * `orphans.ts`) instead of waiting for it.
   * @default false
   */
  readonly terminateOrphans?: boolean;
}

/**
 * Acquire the per-database migration lock for a juggler connector, or
 * `undefined` for connectors without one (anything but `postgresql` and
 * `mysql`). Waits while another session holds it, polling with exponential
 * backoff and jitter.
 *
 * @throws MigrationLockTimeoutError when the lock is still held by another
 * session after `timeoutMs`; its message names that session where the
 * database can tell
 * @throws InvalidMigrationOptionsError for a bad timeout or delay
 * @throws the driver's error when the lock's own connection cannot be
 * opened or the database fails; that connection is never kept
 */
export async function acquireMigrationLock(
  connector: JugglerConnector,
  options: LockOptions = {},
): Promise<MigrationLock | undefined> {
  const settings = resolveOptions(options);
  const open = SESSIONS.get(connector.name ?? '');
  if (!open) return undefined;
  const ownerToken = options.owner ? tokenOf(options.owner) : undefined;
  // The owner took this connector's lock before: share it (and its checks:
  // a lock lost since is found at the next check, never waited for).
  const taken = ownerToken && lockTakenFor(connector, ownerToken);
  if (taken) return taken;
  const session = await open(connector);
  try {
    const lock = await waitForLock(session, settings, ownerToken);
    debug('%s: acquired', lock.label);
    if (ownerToken) noteLockTaken(connector, ownerToken, lock.label);
    return lock;
  } catch (err) {
    // Ending the session also frees the lock if it was taken.
    await session.close();
    throw err;
  }
}

interface Settings {
  readonly timeoutMs: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly terminateOrphans: boolean;
}

async function waitForLock(
  session: LockSession,
  settings: Settings,
  ownerToken: string | undefined,
): Promise<MigrationLock> {
  const started = Date.now();
  const deadline = started + settings.timeoutMs;
  let delay = settings.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    if (await session.tryLock()) {
      if (ownerToken !== undefined) await session.markOwner(ownerToken);
      await settleOrphans(session, settings, started);
      return heldLock(session, ownerToken);
    }
    if (ownerToken !== undefined && (await session.heldByOwner(ownerToken))) {
      await session.close();
      debug('%s: shares the lock of its owner', session.label);
      return sharedLock(ownerToken, session.label);
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new MigrationLockTimeoutError(
        await timeoutMessage(session, Date.now() - started, settings.timeoutMs),
      );
    }
    if (attempt === 1) debug('%s: held elsewhere, waiting', session.label);
    // "Equal jitter": between half the delay and the whole of it.
    const pause = delay / 2 + (Math.random() * delay) / 2;
    await sleep(Math.min(remaining, Math.ceil(pause)));
    delay = Math.min(delay * 2, settings.maxDelayMs);
  }
}

async function timeoutMessage(
  session: LockSession,
  waitedMs: number,
  timeoutMs: number,
): Promise<string> {
  let holder: Holder | undefined;
  try {
    holder = await session.holder();
  } catch (err) {
    debug('%s: cannot tell who holds the lock: %s', session.label, err);
  }
  const held = holder
    ? `It is held by ${holder.description}, most likely another process ` +
      'migrating this database.'
    : 'Another session holds it (most likely another process migrating ' +
      'this database); the database does not say which (it may have just ' +
      'released it, or this user may not see other sessions).';
  const stuck = holder
    ? `If no migration is running, that session is stuck: end it (${holder.endHint}) and the lock dies with it.`
    : `If no migration is running, find the stuck session (${session.findHint}) and end it; the lock dies with it.`;
  return (
    `Timed out after ${waitedMs} ms waiting for the schema migration lock ` +
    `of ${session.label}. ` +
    `${held} Wait for that migration to finish and retry, or wait longer ` +
    `with the lockTimeoutMs option (now ${timeoutMs} ms). ${stuck}`
  );
}

// ---------------------------------------------------------------------------
// Sessions: one dedicated connection per dialect

/** Who holds the lock, in words. */
interface Holder {
  readonly description: string;
  /** The statement that ends the holder's session. */
  readonly endHint: string;
}

/** The dedicated connection of one lock, with the dialect's lock calls. */
interface LockSession extends HeldSession, OrphanWatch {
  /** How to find the holder by hand, for messages. */
  readonly findHint: string;
  tryLock(): Promise<boolean>;
  /** Mark this session as the owner's, for `heldByOwner()`. */
  markOwner(token: string): Promise<void>;
  /** Whether the session holding the lock has the owner's mark. */
  heldByOwner(token: string): Promise<boolean>;
  holder(): Promise<Holder | undefined>;
}

type OpenSession = (connector: JugglerConnector) => Promise<LockSession>;

const SESSIONS: ReadonlyMap<string, OpenSession> = new Map([
  ['postgresql', openPostgresSession],
  ['mysql', openMysqlSession],
]);

// --- PostgreSQL --------------------------------------------------------------

interface PgHolderRow {
  pid: number;
  user: string | null;
  applicationName: string | null;
  clientAddr: string | null;
  clientPort: number | null;
  backendStart: Date | null;
  state: string | null;
}

const PG_KEY_PARTS = lockTagParts(POSTGRES_LOCK_KEY);

/**
 * The `pg_locks` rows (as `alias`) of a granted advisory lock of this
 * database whose bigint key has `classid` `$first` and `objid` `$first+1`
 * (or these two literal parts).
 */
function pgAdvisoryCondition(
  alias: string,
  first: number | readonly [string, string],
): string {
  const [classid, objid] =
    typeof first === 'number'
      ? [`$${first}::text`, `$${first + 1}::text`]
      : first.map(part => `'${part}'`);
  return (
    `${alias}.locktype = 'advisory' AND ${alias}.granted AND ${alias}.objsubid = 1 ` +
    `AND ${alias}.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) ` +
    `AND ${alias}.classid = ${classid}::oid AND ${alias}.objid = ${objid}::oid`
  );
}

/**
 * A statement that fails with SQLSTATE `LOCK_LOST_SQLSTATE` unless the
 * session `pid` holds the migration lock (see `MigrationLock.assertion`).
 */
function pgLockAssertion(pid: number): string {
  const held =
    'SELECT 1 FROM pg_catalog.pg_locks l ' +
    `WHERE l.pid = ${pid} AND ${pgAdvisoryCondition('l', PG_KEY_PARTS)}`;
  return (
    `DO $lsm$ BEGIN IF NOT EXISTS (${held}) THEN ` +
    `RAISE EXCEPTION 'the schema migration lock is no longer held by its session (pid ${pid})' ` +
    `USING ERRCODE = '${LOCK_LOST_SQLSTATE}'; END IF; END $lsm$`
  );
}

async function openPostgresSession(
  connector: JugglerConnector,
): Promise<LockSession> {
  const connection = await openPgLockConnection(connector);
  const {rows} = connection;
  let database: string;
  let pid: number;
  try {
    [{database, pid}] = await rows<{database: string; pid: number}>(
      'SELECT current_database() AS "database", pg_backend_pid() AS "pid"',
    );
  } catch (err) {
    await connection.close();
    throw err;
  }
  const key = POSTGRES_LOCK_KEY.toString();
  let mark: string | undefined;
  let orphans: readonly OrphanedBackend[] = [];
  return {
    label: `database "${database}" (postgresql)`,
    findHint:
      "SELECT * FROM pg_locks WHERE locktype = 'advisory' AND " +
      `classid = ${PG_KEY_PARTS[0]} AND objid = ${PG_KEY_PARTS[1]}`,
    get lost() {
      return connection.lost;
    },
    assertion: pgLockAssertion(pid),
    async stillHeld() {
      const [row] = await rows<{held: boolean}>(
        `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_locks l
                         WHERE l.pid = pg_backend_pid() AND ${pgAdvisoryCondition('l', 1)}) AS "held"`,
        [...PG_KEY_PARTS],
      );
      return row?.held === true;
    },
    async tryLock() {
      // The orphans are looked for in the same round trip.
      const [row] = await rows<{locked: boolean; orphans: unknown}>(
        `SELECT pg_try_advisory_lock($1::bigint) AS "locked", ${PG_ORPHANS_COLUMN}`,
        [key],
      );
      orphans = orphansOf(row?.orphans);
      return row?.locked === true;
    },
    get orphans() {
      return orphans;
    },
    async checkOrphans() {
      const [row] = await rows<{orphans: unknown}>(
        `SELECT ${PG_ORPHANS_COLUMN}`,
      );
      orphans = orphansOf(row?.orphans);
      return orphans;
    },
    async terminate(pids) {
      await rows(PG_TERMINATE_ORPHANS, [pids]);
    },
    endOrphanHint: pid => `SELECT pg_terminate_backend(${pid})`,
    async markOwner(token) {
      const ownerKeyText = ownerKey(token).toString();
      const [row] = await rows<{locked: boolean}>(
        'SELECT pg_try_advisory_lock($1::bigint) AS "locked"',
        [ownerKeyText],
      );
      if (row?.locked === true) mark = ownerKeyText;
    },
    async heldByOwner(token) {
      const [row] = await rows<{shared: boolean}>(
        `SELECT EXISTS (
           SELECT 1 FROM pg_catalog.pg_locks m
             JOIN pg_catalog.pg_locks o ON o.pid = m.pid
            WHERE ${pgAdvisoryCondition('m', 1)} AND ${pgAdvisoryCondition('o', 3)}
         ) AS "shared"`,
        [...PG_KEY_PARTS, ...lockTagParts(ownerKey(token))],
      );
      return row?.shared === true;
    },
    async holder() {
      const holders = await rows<PgHolderRow>(
        `SELECT l.pid AS "pid", a.usename AS "user",
                a.application_name AS "applicationName",
                host(a.client_addr) AS "clientAddr", a.client_port AS "clientPort",
                a.backend_start AS "backendStart", a.state AS "state"
           FROM pg_catalog.pg_locks l
           LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
          WHERE ${pgAdvisoryCondition('l', 1)}`,
        [...PG_KEY_PARTS],
      );
      const [first] = holders;
      if (!first) return undefined;
      return {
        description: describePgHolder(first),
        endHint: `SELECT pg_terminate_backend(${first.pid})`,
      };
    },
    async unlock() {
      const [row] = await rows<{unlocked: boolean}>(
        'SELECT pg_advisory_unlock($1::bigint) AS "unlocked"',
        [key],
      );
      if (mark) {
        await rows('SELECT pg_advisory_unlock($1::bigint)', [mark]).catch(
          () => undefined,
        );
      }
      return row?.unlocked === true;
    },
    close: connection.close,
  };
}

function describePgHolder(row: PgHolderRow): string {
  const details = [
    row.user && `user ${row.user}`,
    row.applicationName && `application_name "${row.applicationName}"`,
    row.clientAddr
      ? `client_addr ${row.clientAddr}${row.clientPort ? `:${row.clientPort}` : ''}`
      : row.backendStart && 'client_addr local socket',
    row.backendStart &&
      `backend_start ${new Date(row.backendStart).toISOString()}`,
    row.state && `state ${row.state}`,
  ].filter(Boolean);
  return (
    `the PostgreSQL session with pid ${row.pid}` +
    (details.length > 0 ? ` (${details.join(', ')})` : '')
  );
}

// --- MySQL / MariaDB ---------------------------------------------------------

interface MysqlProcessRow {
  id: number | string;
  user: string | null;
  host: string | null;
  db: string | null;
  command: string | null;
  time: number | null;
  state: string | null;
}

async function openMysqlSession(
  connector: JugglerConnector,
): Promise<LockSession> {
  const connection = await openMysqlLockConnection(connector);
  const {rows} = connection;
  let database: string;
  try {
    const [row] = await rows<{database: string | null}>(
      'SELECT DATABASE() AS `database`',
    );
    database = row?.database ?? '';
  } catch (err) {
    await connection.close();
    throw err;
  }
  const name = mysqlLockName(database);
  const ownerName = (token: string) =>
    boundedLockName(`${MIGRATION_LOCK_NAME}:owner:`, `${token}:${database}`);
  let mark: string | undefined;
  let orphans: readonly OrphanedBackend[] = [];
  return {
    label: `database "${database}" (mysql)`,
    findHint: `SELECT IS_USED_LOCK('${name}')`,
    get lost() {
      return connection.lost;
    },
    async stillHeld() {
      const [row] = await rows<{held: number | null}>(
        'SELECT IS_USED_LOCK(?) = CONNECTION_ID() AS held',
        [name],
      );
      return Number(row?.held) === 1;
    },
    async tryLock() {
      // The orphans are looked for in the same round trip.
      const [row] = await rows<{locked: number | null; orphans: unknown}>(
        `SELECT GET_LOCK(?, 0) AS locked, ${MYSQL_ORPHANS_COLUMN}`,
        [name],
      );
      orphans = orphansOf(row?.orphans);
      return Number(row?.locked) === 1;
    },
    get orphans() {
      return orphans;
    },
    async checkOrphans() {
      const [row] = await rows<{orphans: unknown}>(
        `SELECT ${MYSQL_ORPHANS_COLUMN}`,
      );
      orphans = orphansOf(row?.orphans);
      return orphans;
    },
    async terminate(pids) {
      for (const pid of pids) {
        // Gone already when it ended meanwhile ("Unknown thread id").
        await rows('KILL ?', [pid]).catch((err: {errno?: number}) => {
          if (err.errno !== 1094) throw err;
        });
      }
    },
    endOrphanHint: pid => `KILL ${pid}`,
    async markOwner(token) {
      const [row] = await rows<{locked: number | null}>(
        'SELECT GET_LOCK(?, 0) AS locked',
        [ownerName(token)],
      );
      if (Number(row?.locked) === 1) mark = ownerName(token);
    },
    async heldByOwner(token) {
      const [row] = await rows<{shared: number | null}>(
        'SELECT IS_USED_LOCK(?) = IS_USED_LOCK(?) AS shared',
        [name, ownerName(token)],
      );
      return Number(row?.shared) === 1;
    },
    async holder() {
      const [used] = await rows<{id: number | string | null}>(
        'SELECT IS_USED_LOCK(?) AS id',
        [name],
      );
      if (used?.id == null) return undefined;
      const id = String(used.id);
      const [proc] = await rows<MysqlProcessRow>(
        `SELECT ID AS id, USER AS user, HOST AS host, DB AS db,
                COMMAND AS command, TIME AS time, STATE AS state
           FROM information_schema.PROCESSLIST WHERE ID = ?`,
        [id],
      );
      return {
        description: describeMysqlHolder(id, proc),
        endHint: `KILL ${id}`,
      };
    },
    async unlock() {
      const [row] = await rows<{released: number | null}>(
        'SELECT RELEASE_LOCK(?) AS released',
        [name],
      );
      if (mark) {
        await rows('SELECT RELEASE_LOCK(?)', [mark]).catch(() => undefined);
      }
      return Number(row?.released) === 1;
    },
    close: connection.close,
  };
}

function describeMysqlHolder(
  id: string,
  row: MysqlProcessRow | undefined,
): string {
  if (!row) {
    return (
      `connection id ${id} (not in information_schema.PROCESSLIST: ` +
      'this user lacks the PROCESS privilege)'
    );
  }
  const details = [
    row.user && `user ${row.user}`,
    row.host && `host ${row.host}`,
    row.db && `db ${row.db}`,
    row.command &&
      `command ${row.command}${row.time != null ? ` for ${row.time} s` : ''}`,
    row.state && `state ${row.state}`,
  ].filter(Boolean);
  return (
    `connection id ${id}` +
    (details.length > 0 ? ` (${details.join(', ')})` : '')
  );
}

// --- helpers -----------------------------------------------------------------

function resolveOptions(options: LockOptions): Settings {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const initialDelayMs =
    options.initialDelayMs ?? DEFAULT_LOCK_POLL_INITIAL_DELAY_MS;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_LOCK_POLL_MAX_DELAY_MS;
  check('lockTimeoutMs', timeoutMs, 0);
  check('the lock initialDelayMs', initialDelayMs, 1);
  check('the lock maxDelayMs', maxDelayMs, 1);
  return {
    timeoutMs,
    initialDelayMs,
    maxDelayMs: Math.max(maxDelayMs, initialDelayMs),
    terminateOrphans: options.terminateOrphans ?? false,
  };
}

function check(name: string, value: unknown, min: number): void {
  const problem = millisecondsProblem(name, value, min);
  if (problem) throw new InvalidMigrationOptionsError(problem);
}

/** A signed 64-bit key from the first 8 bytes of the SHA-256 of a text. */
function advisoryKey(text: string): bigint {
  return createHash('sha256').update(text).digest().readBigInt64BE(0);
}

/** The `classid` and `objid` (unsigned, as text) of a bigint advisory key in `pg_locks`. */
function lockTagParts(key: bigint): [string, string] {
  const unsigned = BigInt.asUintN(64, key);
  return [(unsigned >> 32n).toString(), (unsigned & 0xffffffffn).toString()];
}

/** `prefix` + `suffix`, with a hash for a suffix that would pass 64 characters. */
function boundedLockName(prefix: string, suffix: string): string {
  const name = prefix + suffix;
  if ([...name].length <= MYSQL_LOCK_NAME_MAX) return name;
  const room = MYSQL_LOCK_NAME_MAX - prefix.length - 1;
  const hash = createHash('sha256').update(suffix).digest('hex');
  return `${prefix}#${hash.slice(0, room)}`;
}

const OWNER_TOKENS = new WeakMap<object, string>();

function tokenOf(owner: object): string {
  let token = OWNER_TOKENS.get(owner);
  if (!token) {
    token = randomBytes(8).toString('hex');
    OWNER_TOKENS.set(owner, token);
  }
  return token;
}

function ownerKey(token: string): bigint {
  return advisoryKey(`${MIGRATION_LOCK_NAME}:owner:${token}`);
}
