import {databaseErrorFields} from './database-error';

/** Node's codes for a server that cannot be reached. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/**
 * PostgreSQL's SQLSTATEs and MySQL's error codes for a refused login (1698:
 * a user MariaDB lets in without a password only through its socket).
 */
const LOGIN_REFUSED = new Set([
  '28000',
  '28P01',
  'ER_ACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
]);
/**
 * MySQL's code for a database-level privilege the user lacks: a refused
 * login when the handshake fails with it, a missing privilege when a
 * statement does (`CREATE TEMPORARY TABLE` without CREATE TEMPORARY
 * TABLES): mysql2 gives a statement's error its `sql`.
 */
const DATABASE_ACCESS_DENIED = 'ER_DBACCESS_DENIED_ERROR';
/** How deep a chain of `cause`s is searched for the driver's error. */
const MAX_CAUSES = 5;
/** MySQL's code for a statement on no database (the datasource names none). */
const NO_DATABASE_SELECTED = 'ER_NO_DB_ERROR';
/** PostgreSQL's and MySQL's codes for a database that does not exist. */
const NO_DATABASE = new Set(['3D000', 'ER_BAD_DB_ERROR']);

/**
 * How to fix a failure to connect to the database (`\n` and a sentence), or
 * `''` when `err` is not one: the server cannot be reached, it refused the
 * login, or the datasource's database does not exist or is not named
 * (MySQL).
 */
export function connectionHint(err: unknown): string {
  const code =
    databaseErrorFields(err)?.code ??
    (err as {code?: unknown} | undefined)?.code;
  if (typeof code !== 'string') return '';
  if (UNREACHABLE.has(code)) {
    return (
      '\nThe database server could not be reached: check that it is running ' +
      "and that the datasource's host and port (or url) point at it."
    );
  }
  if (
    LOGIN_REFUSED.has(code) ||
    (code === DATABASE_ACCESS_DENIED && !fromStatement(err))
  ) {
    return "\nThe database server refused the login: check the datasource's user and password.";
  }
  if (code === NO_DATABASE_SELECTED) {
    return (
      "\nThe datasource names no database: set its database setting (or the url's path) " +
      'to the database to migrate.'
    );
  }
  if (NO_DATABASE.has(code)) {
    return "\nThe datasource's database does not exist on the server: create it, or fix the datasource's database setting.";
  }
  return '';
}

/** Whether the driver's error in `err`'s `cause` chain names its statement. */
function fromStatement(err: unknown): boolean {
  let current = err;
  for (let depth = 0; depth < MAX_CAUSES; depth++) {
    if (typeof current !== 'object' || current === null) return false;
    const {errno, sql, cause} = current as Record<string, unknown>;
    if (typeof errno === 'number') return typeof sql === 'string';
    current = cause;
  }
  return false;
}
