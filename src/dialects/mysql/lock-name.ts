import {createHash} from 'node:crypto';
import {MIGRATION_LOCK_NAME} from '../../runner/lock-session';

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

/** `prefix` + `suffix`, with a hash for a suffix that would pass 64 characters. */
export function boundedLockName(prefix: string, suffix: string): string {
  const name = prefix + suffix;
  if ([...name].length <= MYSQL_LOCK_NAME_MAX) return name;
  const room = MYSQL_LOCK_NAME_MAX - prefix.length - 1;
  const hash = createHash('sha256').update(suffix).digest('hex');
  return `${prefix}#${hash.slice(0, room)}`;
}
