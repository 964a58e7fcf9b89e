/**
 * The database's own fields of a driver error: PostgreSQL's (`pg`) SQLSTATE
 * `code`, `detail`, `hint`, `constraint`, `schema`, `table`, `column`;
 * MySQL's and MariaDB's (`mysql2`) `errno`, `code` (`ER_DUP_ENTRY`),
 * `sqlState` and `sqlMessage`.
 */
export interface DatabaseErrorFields {
  readonly code?: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly constraint?: string;
  readonly schema?: string;
  readonly table?: string;
  readonly column?: string;
  readonly errno?: number;
  readonly sqlState?: string;
  readonly sqlMessage?: string;
}

const TEXT_FIELDS = [
  'code',
  'detail',
  'hint',
  'constraint',
  'schema',
  'table',
  'column',
  'sqlState',
  'sqlMessage',
] as const;

/** How deep a chain of `cause`s is searched for the driver's error. */
const MAX_CAUSES = 5;

/**
 * The database fields of `error` or of the first error in its `cause` chain
 * that has them, or `undefined` when none came from a database.
 */
export function databaseErrorFields(
  error: unknown,
): DatabaseErrorFields | undefined {
  let current = error;
  for (let depth = 0; depth < MAX_CAUSES && isObject(current); depth++) {
    const fields = ownFields(current);
    if (fields) return fields;
    current = current.cause;
  }
  return undefined;
}

/**
 * The fields worth reading beside the database's message, one per line
 * (`\n  detail: Key (status)=(new) is duplicated.`), or `''`.
 */
export function describeDatabaseFields(
  fields: DatabaseErrorFields | undefined,
): string {
  if (!fields) return '';
  const lines: string[] = [];
  if (fields.detail) lines.push(`detail: ${fields.detail}`);
  if (fields.hint) lines.push(`hint: ${fields.hint}`);
  if (fields.constraint) lines.push(`constraint: ${fields.constraint}`);
  const where = [fields.schema, fields.table, fields.column].filter(Boolean);
  if (fields.table) lines.push(`table: ${where.join('.')}`);
  if (fields.errno !== undefined) {
    const named = fields.code && sameNameOnEveryServer(fields.errno);
    lines.push(`errno: ${fields.errno}${named ? ` (${fields.code})` : ''}`);
  } else if (fields.code) {
    lines.push(`code: ${fields.code}`);
  }
  return lines.map(line => `\n  ${line}`).join('');
}

/**
 * Whether mysql2's name of a MySQL or MariaDB error number (its `code`,
 * from MySQL's list) is right whatever the server: below 1900 the two
 * servers share their numbers, and 3000–3999 are MySQL's alone; MariaDB
 * numbers its own errors 1900–1999 and from 4000, where MySQL 8 has others
 * (MariaDB's 4161, an unknown data type, is MySQL's
 * `ER_INSTALL_COMPONENT_SET_UNUSED_VALUE`). There the number is printed
 * alone: the server's own message says what it is.
 */
function sameNameOnEveryServer(errno: number): boolean {
  return errno < 1900 || (errno >= 3000 && errno < 4000);
}

function ownFields(
  error: Record<string, unknown>,
): DatabaseErrorFields | undefined {
  const fromPostgres =
    typeof error.severity === 'string' && typeof error.code === 'string';
  const fromMysql =
    typeof error.errno === 'number' && typeof error.sqlMessage === 'string';
  if (!fromPostgres && !fromMysql) return undefined;
  const fields: Record<string, string | number> = {};
  for (const name of TEXT_FIELDS) {
    const value = error[name];
    if (typeof value === 'string' && value !== '') fields[name] = value;
  }
  if (fromMysql) fields.errno = error.errno as number;
  return fields;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The message of anything thrown: an error's own, else the value as text.
 * An error thrown without a message (reflect-metadata's bare `TypeError`, as
 * `getModelSchemaRef(undefined)` throws) is named by its class instead, so
 * that "Migration failed:" is never followed by nothing.
 */
export function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.message.trim() !== ''
    ? err.message
    : `${err.name || 'Error'} (thrown without a message)`;
}
