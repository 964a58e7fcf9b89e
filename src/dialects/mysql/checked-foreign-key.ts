/**
 * The online form of adding foreign keys to a table that exists, on
 * MariaDB. InnoDB adds a key in place (reads and writes go on) only with
 * `foreign_key_checks` off, which skips checking the rows already stored;
 * with it on, the table is copied and writes wait for the whole copy. So the
 * key is added in place with the checks off, then the rows are checked by a
 * plain (non-locking) read: the predicted failures checked them before the
 * run, this read covers the rows written since. From the moment the key
 * exists, the server checks every write. When a row has no match, the key
 * (and the index it brought) is dropped again and the statement fails.
 *
 * All of it is one anonymous compound statement (MariaDB's `BEGIN NOT
 * ATOMIC`), so that the session's `foreign_key_checks` is given back its
 * own value whatever happens, and a kill between the steps leaves no
 * session setting behind. A kill (or a crash) between the key and the
 * read would leave the key unchecked: a mark written before the key and
 * deleted after the read tells the next run to check its rows
 * (`unchecked-keys.ts`).
 */
import {
  statedForeignKey,
  type StatedForeignKey,
} from '../../planner/foreign-key-pairs';
import {splitClauses} from '../../planner/statement-clauses';
import {statementTarget} from '../../planner/statement-target';
import {alterTableBody} from '../lock-impact';
import {literal, quote} from './quote';
import {createMissingStateTableSql, type StateTable} from './state-table';
import {forgetMarksSql, markFitsSql, markSql} from './state-marks';

const ONLINE_CLAUSES = /^(?:ALGORITHM\s*=\s*INPLACE|LOCK\s*=\s*NONE)$/i;
const BLOCK = /^BEGIN\s+NOT\s+ATOMIC\b/i;
/** MySQL keeps names as written. */
const asWritten = (name: string) => name;

/**
 * `sql` (an `ALTER TABLE` of a table of the current database that only adds
 * foreign keys, in its in-place form `..., ALGORITHM=INPLACE, LOCK=NONE`) as
 * the checked compound statement, which marks the keys unchecked in
 * `stateTable` while they are; `undefined` for any other statement.
 */
export function checkedForeignKey(
  sql: string,
  stateTable: StateTable,
): string | undefined {
  const added = inPlaceForeignKeys(sql);
  return added && block(added, stateTable);
}

/** The foreign keys an in-place `ALTER TABLE` adds, and nothing else. */
interface InPlaceForeignKeys {
  readonly table: string;
  /** The statement, without its `RESTRICT` rules. */
  readonly alter: string;
  readonly keys: readonly StatedForeignKey[];
}

/**
 * What `sql` adds, when {@link checkedForeignKey} writes a checked form of
 * it; `undefined` for any other statement.
 */
export function inPlaceForeignKeys(
  sql: string,
): InPlaceForeignKeys | undefined {
  const text = sql.trim();
  const target = statementTarget(text, asWritten);
  const body = alterTableBody(text);
  if (target.kind !== 'alter-table' || target.table.schema !== '') {
    return undefined;
  }
  if (body === undefined) return undefined;
  const clauses = splitClauses(body).map(c => c.trim());
  if (clauses.filter(c => ONLINE_CLAUSES.test(c)).length !== 2) {
    return undefined;
  }
  const keys = clauses
    .filter(c => !ONLINE_CLAUSES.test(c))
    .map(c => statedForeignKey(c, asWritten));
  if (keys.length === 0 || keys.some(k => k === undefined)) return undefined;
  return {
    table: target.table.name,
    alter: withDefaultRestrict(text),
    keys: keys as StatedForeignKey[],
  };
}

/** An `ON DELETE RESTRICT` or `ON UPDATE RESTRICT` rule, which is the default. */
const RESTRICT_RULE =
  /\s+ON\s+(?:DELETE|UPDATE)\s+RESTRICT(?=\s*(?:,|ON\b|$))/gi;

/**
 * `alter` without its `RESTRICT` rules: MariaDB records a key added in place
 * (with `foreign_key_checks` off) whose rule says `RESTRICT` as `NO ACTION`,
 * while a key whose rule is left out gets `RESTRICT`, as the connector's
 * plain form makes it (and as the connector then reads it back: otherwise
 * the datasource would never be actual).
 */
function withDefaultRestrict(alter: string): string {
  return alter.replace(RESTRICT_RULE, '');
}

/** Whether `sql` is a statement {@link checkedForeignKey} wrote. */
export function isCheckedForeignKey(sql: string): boolean {
  return BLOCK.test(sql.trim());
}

/** The `ALTER TABLE` a statement {@link checkedForeignKey} wrote runs. */
export function alterOfCheckedForeignKey(sql: string): string | undefined {
  if (!isCheckedForeignKey(sql)) return undefined;
  return /\nSET foreign_key_checks = 0;\n([^\n]*);\n/.exec(sql)?.[1];
}

/**
 * A condition that holds when a row of `table` (aliased `c`) points at no
 * row of the table `key` references (aliased `p`); a row with a NULL in
 * its key points nowhere.
 */
export function orphanRowsExist(table: string, key: StatedForeignKey): string {
  const parent = key.target.map(quote).join('.');
  const on = key.columns
    .map((c, j) => `p.${quote(key.targetColumns[j])} = c.${quote(c)}`)
    .join(' AND ');
  const stored = key.columns
    .map(c => `c.${quote(c)} IS NOT NULL`)
    .join(' AND ');
  return (
    `EXISTS (SELECT 1 FROM ${quote(table)} c LEFT JOIN ${parent} p ON ${on} ` +
    `WHERE ${stored} AND p.${quote(key.targetColumns[0])} IS NULL)`
  );
}

function block(
  {table: tableName, alter, keys}: InPlaceForeignKeys,
  stateTable: StateTable,
): string {
  const table = quote(tableName);
  const had = keys.map(
    (k, i) =>
      `DECLARE had${i} INT DEFAULT (SELECT COUNT(*) FROM information_schema.STATISTICS ` +
      `WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${literal(tableName)} ` +
      `AND INDEX_NAME = ${literal(k.name)});`,
  );
  const orphans = keys.map(k => orphanRowsExist(tableName, k));
  const names = keys.map(k => k.name);
  const forget = `${forgetMarksSql(stateTable, 'unchecked-foreign-key', tableName, names)};`;
  return [
    'BEGIN NOT ATOMIC',
    'DECLARE checks INT DEFAULT @@foreign_key_checks;',
    ...had,
    'DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN SET foreign_key_checks = checks; RESIGNAL; END;',
    `${createMissingStateTableSql(stateTable)};`,
    `${markFitsSql('unchecked-foreign-key', tableName, names)};`,
    `${markSql(stateTable, 'unchecked-foreign-key', tableName, names)};`,
    'SET foreign_key_checks = 0;',
    `${alter};`,
    'SET foreign_key_checks = checks;',
    `IF ${orphans.join(' OR ')} THEN`,
    `ALTER TABLE ${table} ${keys.map(k => `DROP FOREIGN KEY ${quote(k.name)}`).join(', ')};`,
    ...keys.map(
      (k, i) =>
        `IF had${i} = 0 THEN ALTER TABLE ${table} DROP INDEX IF EXISTS ${quote(k.name)}; END IF;`,
    ),
    forget,
    `SIGNAL SQLSTATE '23000' SET MESSAGE_TEXT = ${literal(orphansMessage(tableName, names))};`,
    'END IF;',
    forget,
    'END',
  ].join('\n');
}

/**
 * The checked statement's error when a row has no match (MariaDB keeps 128
 * characters of it): rows written since the plan's check, or, in a
 * migration script, stored before it (a script's statements are not
 * checked first).
 */
function orphansMessage(table: string, names: readonly string[]): string {
  const several = names.length > 1;
  return (
    `a row of ${table} points at no row that ${names.join(', ')} ` +
    `${several ? 'reference' : 'references'}: ` +
    `the ${several ? 'keys were' : 'key was'} dropped again`
  ).slice(0, 128);
}

/**
 * How a statement {@link checkedForeignKey} wrote runs its `ALTER TABLE`,
 * in words.
 */
export const CHECKED_KEY_NOTE =
  'runs in BEGIN NOT ATOMIC ... END with foreign_key_checks off, then reads ' +
  'the rows (a row without a match drops the key again and fails), the key ' +
  'marked unchecked in the state table until they are read';
