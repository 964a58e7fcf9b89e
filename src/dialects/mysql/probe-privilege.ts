import type {ColumnRef} from '../../planner/loss/checks';

/** MySQL's ER_DBACCESS_DENIED_ERROR: a database-level privilege is missing. */
const DATABASE_ACCESS_DENIED = 1044;

/**
 * The error to throw for `err`, raised by the `CREATE TEMPORARY TABLE` of a
 * conversion probe (see `mysqlConversionLoss`): a user without the CREATE
 * TEMPORARY TABLES privilege (one that may only read, or read and write,
 * the tables) is told that it is what judging the change needs and how to
 * grant it, rather than the server's bare "Access denied ... to database",
 * which is also what a refused login says. Other errors are returned as
 * they are.
 */
export function probeTableError(
  err: unknown,
  ref: ColumnRef,
  type: string,
): unknown {
  if ((err as {errno?: unknown}).errno !== DATABASE_ACCESS_DENIED) return err;
  return new Error(
    `judging whether changing ${ref.table}.${ref.column} to ${type} keeps its values ` +
      `(by converting a copy of them in a temporary table) needs the CREATE TEMPORARY TABLES ` +
      `privilege, which the datasource's user lacks (${(err as Error).message}): grant it ` +
      "(GRANT CREATE TEMPORARY TABLES ON `<database>`.* TO '<user>'@'<host>'), or plan with a " +
      'user that has it',
    {cause: err},
  );
}
