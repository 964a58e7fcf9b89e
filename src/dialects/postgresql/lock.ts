import type {JugglerConnector} from '../../juggler';
import {LOCK_LOST_SQLSTATE} from '../../runner/held-lock';
import {MIGRATION_LOCK_NAME, type LockSession} from '../../runner/lock-session';
import {orphansOf, type OrphanedBackend} from '../../runner/orphans';
import {PG_ORPHANS_COLUMN, PG_TERMINATE_ORPHANS} from './orphans';
import {openPgLockConnection} from './lock-connection';
import {advisoryKey, POSTGRES_LOCK_KEY} from './lock-key';

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

export async function openPostgresLockSession(
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

/** The `classid` and `objid` (unsigned, as text) of a bigint advisory key in `pg_locks`. */
function lockTagParts(key: bigint): [string, string] {
  const unsigned = BigInt.asUintN(64, key);
  return [(unsigned >> 32n).toString(), (unsigned & 0xffffffffn).toString()];
}

function ownerKey(token: string): bigint {
  return advisoryKey(`${MIGRATION_LOCK_NAME}:owner:${token}`);
}
