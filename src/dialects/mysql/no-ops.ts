import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  foreignKeyPairs,
  type StatedForeignKey,
} from '../../planner/foreign-key-pairs';
import {IDENTIFIER, StatementClauses} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {canonicalMysqlType, integerWidthOnly, storedLobType} from './types';
import {tableIndexColumns} from './key-indexes';
import {keepForeignKeyIndexes, sameNames} from './foreign-key-indexes';
import {unquote} from '../../planner/statement-clauses';
import {groupRows} from '../../planner/snapshot';
import {renamedEntityKeys} from '../entity-keys';
import {
  COLUMNS_READ,
  FOREIGN_KEYS_READ,
  type CatalogColumn,
  type CatalogForeignKeyColumn,
} from './plan-reads';

/** MySQL keeps unquoted names as they are. */
const asIs = (name: string) => name;

export const CHANGE_COLUMN = new RegExp(
  `^CHANGE\\s+COLUMN\\s+(${IDENTIFIER})\\s+(${IDENTIFIER})\\s+([\\s\\S]+)$`,
  'i',
);

/**
 * The mysql dialect's `withoutNoOps`. It takes out what the connector emits
 * on every run although the catalog already matches the model:
 *
 * - `CHANGE COLUMN c c <definition>` where the column already is that (the
 *   connector compares the column with a type that ignores `dataLength`,
 *   `dataPrecision` and `dataScale`, and with synonyms such as `INTEGER`,
 *   `NUMERIC`, `REAL` or `JSON` on MariaDB, and `TEXT(n)` or `BLOB(n)`
 *   with the TEXT or BLOB type the server made of it);
 * - `DROP FOREIGN KEY x` + `ADD CONSTRAINT x FOREIGN KEY` where the foreign
 *   key already is what the ADD makes (the connector compares `onDelete`
 *   and `onUpdate` case-sensitively, and looks keys up by settings key);
 * - `DROP INDEX x` of an index a foreign key that stays needs (see
 *   `keepForeignKeyIndexes`).
 */
export async function withoutMysqlNoOps(
  connector: JugglerConnector,
  model: string,
  statements: readonly string[],
  cache: PlanCache = new Map(),
): Promise<string[]> {
  const clauses = new StatementClauses(statements);
  await dropSettledColumnChanges(connector, clauses, cache);
  await dropSettledForeignKeys(connector, model, clauses, cache);
  return clauses.statements();
}

// --- columns ---------------------------------------------------------------

/** A column definition as a `CHANGE COLUMN` states it. */
export interface StatedColumn {
  readonly type: string;
  readonly nullable: boolean;
  readonly default?: string;
  readonly charset?: string;
  readonly collation?: string;
  /** `ON UPDATE CURRENT_TIMESTAMP[(n)]`'s value. */
  readonly onUpdate?: string;
}

async function dropSettledColumnChanges(
  connector: JugglerConnector,
  clauses: StatementClauses,
  cache: PlanCache,
): Promise<void> {
  const columns = new Map<string, CatalogColumn[]>();
  for (const clause of clauses.remaining()) {
    const match = CHANGE_COLUMN.exec(clause.text);
    if (!match || !clause.table) continue;
    const name = unquote(match[1]);
    const stated = statedColumn(match[3]);
    if (name !== unquote(match[2]) || !stated) continue;
    const table = unquote(clause.table);
    if (!columns.has(table)) {
      columns.set(table, await tableColumns(connector, table, cache));
    }
    const current = columns.get(table)!.find(c => c.name === name);
    if (current && sameColumn(stated, current)) clauses.remove(clause);
  }
}

const TYPE_END =
  /\s(?:NOT\s+NULL|NULL|DEFAULT|CHARACTER\s+SET|CHARSET|COLLATE|AUTO_INCREMENT|COMMENT|ON\s+UPDATE|PRIMARY|UNIQUE|KEY|REFERENCES|CHECK|GENERATED|AS|INVISIBLE|VISIBLE)\b/i;
const ATTRIBUTES =
  /^(?:\s+(NOT\s+NULL|NULL)|\s+DEFAULT\s+('(?:[^']|'')*'|"(?:[^"]|"")*"|[\w.+-]+(?:\(\d*\))?)|\s+(?:CHARACTER\s+SET|CHARSET)\s+(\w+)|\s+COLLATE\s+(\w+)|\s+ON\s+UPDATE\s+(\w+(?:\(\d*\))?))/i;

/**
 * The type, nullability, default, character set and collation of a column
 * definition; `undefined` when it states more (auto-increment, comment...),
 * which this check leaves to the connector.
 */
export function statedColumn(definition: string): StatedColumn | undefined {
  const text = definition.trim();
  // Keywords in quoted values (ENUM('NULL')...) do not count.
  const end = TYPE_END.exec(
    text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, quoted =>
      '_'.repeat(quoted.length),
    ),
  );
  const type = end ? text.slice(0, end.index) : text;
  let rest = end ? text.slice(end.index) : '';
  const stated: {-readonly [K in keyof StatedColumn]: StatedColumn[K]} = {
    type,
    nullable: true,
  };
  while (rest.trim() !== '') {
    const match = ATTRIBUTES.exec(rest);
    if (!match) return undefined;
    const [, nullability, value, charset, collation, onUpdate] = match;
    if (nullability) stated.nullable = !/^NOT/i.test(nullability);
    if (value) stated.default = value;
    if (charset) stated.charset = charset;
    if (collation) stated.collation = collation;
    if (onUpdate) stated.onUpdate = onUpdate;
    rest = rest.slice(match[0].length);
  }
  return stated;
}

/** The columns of a table, read for every table of the database at once. */
export async function tableColumns(
  connector: JugglerConnector,
  table: string,
  cache: PlanCache,
): Promise<CatalogColumn[]> {
  const byTable = (await cached(cache, COLUMNS_READ, async () =>
    groupRows(
      await queryConnector<CatalogColumn & {table: string}>(
        connector,
        `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS name, COLUMN_TYPE AS type,
                IS_NULLABLE AS nullable, COLUMN_DEFAULT AS \`default\`,
                CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation, EXTRA AS extra,
                COLUMN_COMMENT AS comment
           FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE()
          ORDER BY TABLE_NAME, ORDINAL_POSITION`,
      ),
      c => c.table,
    ),
  )) as Map<string, CatalogColumn[]>;
  return byTable.get(table) ?? [];
}

export function cached<T>(
  cache: PlanCache,
  key: string,
  read: () => Promise<T>,
): Promise<T> {
  if (!cache.has(key)) cache.set(key, read());
  return cache.get(key) as Promise<T>;
}

function sameColumn(stated: StatedColumn, current: CatalogColumn): boolean {
  return (
    // The connector restates a `tinyint(1)` column of a number property
    // (as lb4 discover describes it: `dataPrecision: 3`) as `TINYINT(3)`:
    // a display width changes no value.
    (sameType(stated.type, current) ||
      integerWidthOnly(stated.type, current.type)) &&
    stated.nullable === (current.nullable === 'YES') &&
    sameDefault(stated.default, current.default) &&
    sameName(stated.charset, current.charset) &&
    sameName(stated.collation, current.collation) &&
    sameExtra(stated.onUpdate, current.extra)
  );
}

/**
 * Whether a column's `EXTRA` is what the statement states: nothing, or
 * its `ON UPDATE` (MariaDB `on update current_timestamp(3)`, MySQL
 * `DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)`); a generated or
 * auto-increment column never is.
 */
function sameExtra(onUpdate: string | undefined, extra: string | null) {
  const time = (value: string) => value.toLowerCase().replace(/\(0?\)$/, '');
  const rest = (extra ?? '').replace(/\bDEFAULT_GENERATED\b/i, '').trim();
  const current = /^on update (\S+)$/i.exec(rest)?.[1];
  return onUpdate === undefined
    ? rest === ''
    : current !== undefined && time(onUpdate) === time(current);
}

/** Equal ignoring case, or not stated. */
function sameName(stated: string | undefined, current: string | null) {
  return (
    stated === undefined || stated.toLowerCase() === current?.toLowerCase()
  );
}

export function sameType(stated: string, current: CatalogColumn): boolean {
  // `CHAR(10) BINARY`: the character set's binary collation, which the
  // column's own tells.
  const binary = / binary$/i.exec(stated.trim());
  if (binary && /_bin$/.test(current.collation ?? '')) {
    return sameType(stated.trim().slice(0, binary.index), current);
  }
  const wanted = storedLobType(canonicalMysqlType(stated), current.charset);
  const actual = canonicalMysqlType(current.type);
  // MariaDB stores JSON as LONGTEXT with a binary collation.
  const mariaDbJson =
    wanted === 'json' &&
    actual === 'longtext' &&
    current.collation === 'utf8mb4_bin';
  return wanted === actual || mariaDbJson;
}

/**
 * Whether two defaults are the same: `'x'`, `"x"` and `x` are, `NULL` and
 * none are, `5` and `5.00` are, `CURRENT_TIMESTAMP` and
 * `current_timestamp(3)` are.
 */
export function sameDefault(
  stated: string | undefined,
  current: string | null,
) {
  const plain = (value: string | null | undefined) => {
    if (value == null || /^null$/i.test(value)) return undefined;
    const quoted = /^(['"])([\s\S]*)\1$/.exec(value);
    const text = quoted
      ? quoted[2].split(quoted[1] + quoted[1]).join(quoted[1])
      : value;
    if (/^current_timestamp(\(\d*\))?$/i.test(text)) return 'now';
    return text.trim() !== '' && Number.isFinite(Number(text))
      ? String(Number(text))
      : text;
  };
  return plain(stated) === plain(current);
}

// --- foreign keys ----------------------------------------------------------

async function dropSettledForeignKeys(
  connector: JugglerConnector,
  model: string,
  clauses: StatementClauses,
  cache: PlanCache,
): Promise<void> {
  const catalog = new Map<string, CatalogForeignKeyColumn[]>();
  const keysOf = async (table: string) => {
    if (!catalog.has(table)) {
      catalog.set(table, await tableForeignKeys(connector, table, cache));
    }
    return catalog.get(table)!;
  };
  for (const pair of foreignKeyPairs(clauses, asIs)) {
    const existing = (await keysOf(unquote(pair.table))).filter(
      fk => fk.name === pair.stated.name,
    );
    const stated = withKeyColumns(pair.stated, connector, model);
    if (sameForeignKey(stated, existing)) {
      clauses.remove(pair.drop);
      clauses.remove(pair.add);
    }
  }
  await keepForeignKeyIndexes(clauses, {
    keys: keysOf,
    indexes: table => tableIndexColumns(connector, table, cache),
  });
}

/** The foreign key columns of a table, read for every table at once. */
async function tableForeignKeys(
  connector: JugglerConnector,
  table: string,
  cache: PlanCache,
): Promise<CatalogForeignKeyColumn[]> {
  const all = (await cached(cache, FOREIGN_KEYS_READ, () =>
    queryConnector<CatalogForeignKeyColumn>(
      connector,
      // Each view is filtered by DATABASE() on its own: joined on the other's
      // schema, REFERENTIAL_CONSTRAINTS is read for every database.
      `SELECT k.TABLE_NAME AS \`table\`, k.CONSTRAINT_NAME AS name,
              k.COLUMN_NAME AS \`column\`, k.REFERENCED_TABLE_NAME AS targetTable,
              k.REFERENCED_COLUMN_NAME AS targetColumn,
              r.DELETE_RULE AS onDelete, r.UPDATE_RULE AS onUpdate
         FROM information_schema.KEY_COLUMN_USAGE k
         JOIN information_schema.REFERENTIAL_CONSTRAINTS r
           ON r.CONSTRAINT_SCHEMA = DATABASE()
          AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
          AND r.TABLE_NAME = k.TABLE_NAME
        WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
        ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    ),
  )) as CatalogForeignKeyColumn[];
  return all.filter(k => k.table === table);
}

/**
 * A foreign key as the plan adds it: the connector writes an `entityKey`
 * stored in a column of another name as the property's name, which the
 * dialect's `rewrite` (`referencesKeyColumns`) replaces with the column
 * afterwards, matched as there by the referenced table and property.
 * Compared as written, such a key never matches the catalog: a key with
 * `onDelete` or `onUpdate` (which the connector always drops and adds
 * again) would be re-made on every run.
 */
function withKeyColumns(
  stated: StatedForeignKey,
  connector: JugglerConnector,
  model: string,
): StatedForeignKey {
  const target = stated.target[stated.target.length - 1];
  const renamed = renamedEntityKeys(connector, model).filter(
    key => connector.table?.(key.entity) === target,
  );
  return {
    ...stated,
    targetColumns: stated.targetColumns.map(
      column => renamed.find(key => key.property === column)?.column ?? column,
    ),
  };
}

function sameForeignKey(
  stated: StatedForeignKey,
  existing: readonly CatalogForeignKeyColumn[],
): boolean {
  const [first] = existing;
  if (!first || stated.target.length !== 1) return false;
  // InnoDB treats NO ACTION as RESTRICT, its default.
  const rule = (action: string | undefined) =>
    !action || action === 'NO ACTION' ? 'RESTRICT' : action;
  return (
    sameNames(
      stated.columns,
      existing.map(c => c.column),
    ) &&
    sameNames(stated.target, [first.targetTable]) &&
    sameNames(
      stated.targetColumns,
      existing.map(c => c.targetColumn),
    ) &&
    rule(stated.onDelete) === rule(first.onDelete) &&
    rule(stated.onUpdate) === rule(first.onUpdate)
  );
}
