/**
 * The marks of work an interrupted run may leave unfinished on MariaDB and
 * MySQL, where each DDL statement commits on its own: rows of the
 * package's state table, written (committed) before the statement that
 * starts the work, and deleted by the one that ends it. A mark left behind
 * (the session was killed, the server stopped) tells the next run to
 * finish the work; while there is one, the fast path's catalog digest is
 * one no recorded row has (`schema-state.ts`). Two kinds:
 *
 * - `unchecked-foreign-key`: a foreign key added in place but whose rows
 *   were not checked yet (`checked-foreign-key.ts`, `unchecked-keys.ts`);
 * - `filled-column-default`: a new column added with the model's default
 *   to fill its rows, whose default is not dropped yet
 *   (`new-column-defaults.ts`, `filled-defaults.ts`).
 *
 * A mark's `state_key` is `<kind> ["<database>", "<table>", "<name>"]`
 * (the server's `JSON_ARRAY`): the migration lock is the database's, and
 * so is a mark.
 */
import {queryConnector, type JugglerConnector} from '../../juggler';
import {isMissingTable} from './missing-table';
import {literal} from './quote';
import {isAccessDenied, stateTableName, type StateTable} from './state-table';

/** What a mark says is left to do. */
export type MarkKind = 'unchecked-foreign-key' | 'filled-column-default';

const KINDS: readonly MarkKind[] = [
  'unchecked-foreign-key',
  'filled-column-default',
];

/** A mark of the current database: its kind, its table, and the key's or column's name. */
export interface StateMark {
  /** Its `state_key`, as stored. */
  readonly key: string;
  readonly kind: MarkKind;
  readonly table: string;
  readonly name: string;
}

/** The `state_key` of a mark, in SQL. */
function markKey(kind: MarkKind, table: string, name: string): string {
  return `CONCAT(${literal(`${kind} `)}, JSON_ARRAY(DATABASE(), ${literal(table)}, ${literal(name)}))`;
}

/** The start every mark of `kind` of the current database has, in SQL: `<kind> ["<database>",`. */
function databaseStart(kind: MarkKind): string {
  return `CONCAT(${literal(`${kind} `)}, LEFT(JSON_ARRAY(DATABASE()), CHAR_LENGTH(JSON_ARRAY(DATABASE())) - 1), ',')`;
}

/** Whether the `state_key` in `column` is a mark of the current database, in SQL. */
function markOfDatabase(column: string): string {
  const kinds = KINDS.map(databaseStart).map(
    start => `LEFT(${column}, CHAR_LENGTH(${start})) = ${start}`,
  );
  return `(${kinds.join(' OR ')})`;
}

/** Mark `table`'s keys or columns `names` (a mark already there stays). */
export function markSql(
  stateTable: StateTable,
  kind: MarkKind,
  table: string,
  names: readonly string[],
): string {
  const rows = names.map(
    name => `(${markKey(kind, table, name)}, '', '', '[]', UTC_TIMESTAMP(3))`,
  );
  return (
    `INSERT INTO ${stateTableName(stateTable)} ` +
    '(state_key, model_fingerprint, catalog_digest, warnings, recorded_at) ' +
    `VALUES ${rows.join(', ')} ON DUPLICATE KEY UPDATE recorded_at = VALUES(recorded_at)`
  );
}

/** How long a `state_key` may be (`state-table.ts`). */
const KEY_LENGTH = 255;

/**
 * A statement that fails, before anything is marked or changed, when a
 * mark of `table`'s keys or columns `names` would not fit its `state_key`
 * (names full of quotes, backslashes or control characters, which
 * `JSON_ARRAY` escapes): the server's own error ("Data too long for column
 * 'state_key'") would not say which names, nor what to do.
 */
export function markFitsSql(
  kind: MarkKind,
  table: string,
  names: readonly string[],
): string {
  const long = names.map(
    name => `CHAR_LENGTH(${markKey(kind, table, name)}) > ${KEY_LENGTH}`,
  );
  const message =
    `shorten these names: with the database's, escaped, they pass the ${KEY_LENGTH} characters ` +
    `of a mark in the state table: ${[table, ...names].join(', ')}`;
  return (
    `IF ${long.join(' OR ')} THEN SIGNAL SQLSTATE '45000' ` +
    `SET MESSAGE_TEXT = ${literal(message.slice(0, 128))}; END IF`
  );
}

/** Delete the marks of `table`'s keys or columns `names`. */
export function forgetMarksSql(
  stateTable: StateTable,
  kind: MarkKind,
  table: string,
  names: readonly string[],
): string {
  return (
    `DELETE FROM ${stateTableName(stateTable)} WHERE state_key IN ` +
    `(${names.map(name => markKey(kind, table, name)).join(', ')})`
  );
}

const FORGETS = new RegExp(
  `^DELETE FROM \\S+ WHERE state_key IN \\(CONCAT\\('(?:${KINDS.join('|')}) ',`,
);

/** Whether `sql` is a statement {@link forgetMarksSql} wrote. */
export function forgetsMarks(sql: string): boolean {
  return FORGETS.test(sql.trim());
}

/**
 * `''` when the current database has no marks in `stateTable`, else a
 * text that says how many, in SQL: added to the fast path's digest, so
 * that no recorded digest matches while work is left unfinished.
 */
export function marksDigestSql(stateTable: StateTable): string {
  return (
    `(SELECT IF(COUNT(*) = 0, '', CONCAT('+', COUNT(*), ' marks of interrupted runs')) ` +
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
): Promise<StateMark[]> {
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
    const kind = KINDS.find(k => key.startsWith(`${k} `))!;
    const [, table, name] = JSON.parse(key.slice(kind.length + 1)) as string[];
    return {key, kind, table, name};
  });
}
