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
/** PostgreSQL's SQLSTATEs and MySQL's error codes for a refused login. */
const LOGIN_REFUSED = new Set([
  '28000',
  '28P01',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
]);
/** PostgreSQL's and MySQL's codes for a database that does not exist. */
const NO_DATABASE = new Set(['3D000', 'ER_BAD_DB_ERROR']);

/**
 * How to fix a failure to connect to the database (`\n` and a sentence), or
 * `''` when `err` is not one: the server cannot be reached, it refused the
 * login, or the datasource's database does not exist.
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
  if (LOGIN_REFUSED.has(code)) {
    return "\nThe database server refused the login: check the datasource's user and password.";
  }
  if (NO_DATABASE.has(code)) {
    return "\nThe datasource's database does not exist on the server: create it, or fix the datasource's database setting.";
  }
  return '';
}
