import {dialectFor} from '.';

/**
 * The statement to show where a plan is summarised (one-line summaries, a
 * generated file's header): a dialect's compound form as the statement it
 * runs (MariaDB's marked or checked `ALTER TABLE`), any other as it is.
 */
export function shownStatement(connector: string, sql: string): string {
  return dialectFor(connector)?.statementShown?.(sql) ?? sql;
}

/**
 * A dialect's compound form as the statement it runs and how it runs it,
 * for a human plan (`--dry-run`), where the whole form would bury that
 * statement under its bookkeeping; `undefined` for any other statement.
 */
export function shownCompound(
  connector: string,
  sql: string,
): {statement: string; note: string} | undefined {
  const dialect = dialectFor(connector);
  const note = dialect?.compoundNote?.(sql);
  const statement = dialect?.statementShown?.(sql);
  return note && statement ? {statement, note} : undefined;
}
