/**
 * The marks of foreign keys added unchecked (MariaDB's online foreign keys,
 * `checked-foreign-key.ts`): rows of the package's state table, written in
 * the statement that adds a key in place, before the key, and deleted once
 * the rows were checked. A mark left behind (the session was killed, the
 * server stopped) tells the next run to check the key's rows
 * (`unchecked-keys.ts`); while there is one, the fast path's catalog digest
 * is one no recorded row has (`schema-state.ts`).
 *
 * A mark's `state_key` is `unchecked-foreign-key ["<database>", "<table>",
 * "<key>"]` (the server's `JSON_ARRAY`): the migration lock is the
 * database's, and so is a mark.
 */
import {queryConnector, type JugglerConnector} from '../../juggler';
import {isMissingTable} from './missing-table';
import {literal} from './quote';
import {isAccessDenied, stateTableName, type StateTable} from './state-table';

const PREFIX = 'unchecked-foreign-key ';

/** A foreign key marked unchecked in the current database. */
export interface UncheckedMark {
  readonly table: string;
  readonly name: string;
}

/** The `state_key` of the mark of `table`'s key `name`, in SQL. */
function markKey(table: string, name: string): string {
  return `CONCAT(${literal(PREFIX)}, JSON_ARRAY(DATABASE(), ${literal(table)}, ${literal(name)}))`;
}

/** The start every mark of the current database has, in SQL: `...["<database>",`. */
const DATABASE_START = `CONCAT(${literal(PREFIX)}, LEFT(JSON_ARRAY(DATABASE()), CHAR_LENGTH(JSON_ARRAY(DATABASE())) - 1), ',')`;

/** Whether the `state_key` in `column` is a mark of the current database, in SQL. */
function markOfDatabase(column: string): string {
  return `LEFT(${column}, CHAR_LENGTH(${DATABASE_START})) = ${DATABASE_START}`;
}

/** Mark `table`'s foreign keys `keys` unchecked (a mark already there stays). */
export function markSql(
  stateTable: StateTable,
  table: string,
  keys: readonly {readonly name: string}[],
): string {
  const rows = keys.map(
    k => `(${markKey(table, k.name)}, '', '', '[]', UTC_TIMESTAMP(3))`,
  );
  return (
    `INSERT INTO ${stateTableName(stateTable)} ` +
    '(state_key, model_fingerprint, catalog_digest, warnings, recorded_at) ' +
    `VALUES ${rows.join(', ')} ON DUPLICATE KEY UPDATE recorded_at = VALUES(recorded_at)`
  );
}

/** Delete the marks of `table`'s foreign keys `keys`. */
export function forgetMarksSql(
  stateTable: StateTable,
  table: string,
  keys: readonly {readonly name: string}[],
): string {
  return (
    `DELETE FROM ${stateTableName(stateTable)} WHERE state_key IN ` +
    `(${keys.map(k => markKey(table, k.name)).join(', ')})`
  );
}

/** Whether `sql` is a statement {@link forgetMarksSql} wrote. */
export function forgetsMarks(sql: string): boolean {
  return /^DELETE FROM \S+ WHERE state_key IN \(CONCAT\('unchecked-foreign-key ',/.test(
    sql.trim(),
  );
}

/**
 * `''` when the current database has no marks in `stateTable`, else a
 * text that says how many, in SQL: added to the fast path's digest, so
 * that no recorded digest matches while a key waits for its check.
 */
export function marksDigestSql(stateTable: StateTable): string {
  return (
    `(SELECT IF(COUNT(*) = 0, '', CONCAT('+', COUNT(*), ' unchecked foreign keys')) ` +
    `FROM ${stateTableName(stateTable)} m WHERE ${markOfDatabase('m.state_key')})`
  );
}

/**
 * The marks of the current database; none without a state table, nor
 * where the user may not read it: its own statements could not have
 * written one there, and the run says what to grant (the fast path's
 * warning).
 */
export async function readMarks(
  connector: JugglerConnector,
  stateTable: StateTable,
): Promise<UncheckedMark[]> {
  let rows: {key: string}[];
  try {
    rows = await queryConnector<{key: string}>(
      connector,
      `SELECT state_key AS \`key\` FROM ${stateTableName(stateTable)} m
        WHERE ${markOfDatabase('m.state_key')} ORDER BY state_key`,
    );
  } catch (err) {
    if (isMissingTable(err) || isAccessDenied(err)) return [];
    throw err;
  }
  return rows.map(({key}) => {
    const [, table, name] = JSON.parse(key.slice(PREFIX.length)) as string[];
    return {table, name};
  });
}
