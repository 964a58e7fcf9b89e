import type {JugglerConnector} from '../../juggler';
import {MIGRATION_LOCK_NAME, type LockSession} from '../../runner/lock-session';
import {orphansOf, type OrphanedBackend} from '../../runner/orphans';
import {MYSQL_ORPHANS_COLUMN} from './orphans';
import {openMysqlLockConnection} from './lock-connection';
import {boundedLockName, mysqlLockName} from './lock-name';

interface MysqlProcessRow {
  id: number | string;
  user: string | null;
  host: string | null;
  db: string | null;
  command: string | null;
  time: number | null;
  state: string | null;
}

export async function openMysqlLockSession(
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
