import {dialectFor} from '.';

/**
 * The statement to show where a plan is summarised (one-line summaries, a
 * generated file's header): a dialect's compound form as the statement it
 * runs (MariaDB's marked or checked `ALTER TABLE`), any other as it is.
 */
export function shownStatement(connector: string, sql: string): string {
  return dialectFor(connector)?.statementShown?.(sql) ?? sql;
}
