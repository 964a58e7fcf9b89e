import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  columnChanges,
  createdColumns,
  createdTableElements,
} from '../../planner/alter-clauses';
import {
  IDENTIFIER,
  splitClauses,
  unquote,
} from '../../planner/statement-clauses';
import {alterClauses} from '../../planner/will-fail/clauses';
import {describeTable, type TableRef} from '../dialect';
import {maxCharBytes} from './row-size';
import {isLob} from './lob-types';
import {describeServer, readServer} from './server';

/**
 * InnoDB's longest index key, in bytes, with its default 16 KB pages and
 * whatever the row format (COMPACT and REDUNDANT tables also hold each
 * column to 767 bytes, which is not judged here; smaller pages allow less).
 */
const MAX_KEY = 3072;
/** The most bytes a character takes in any character set (utf8mb4). */
const MAX_CHAR_BYTES = 4;

/**
 * A key of a `CREATE TABLE` element or an `ALTER TABLE ... ADD` clause:
 * `PRIMARY KEY (keys)`, `[UNIQUE] INDEX|KEY [USING t] [name] (keys) [USING t]`;
 * $1 the kind, $2 the name, $3 the keys.
 */
const KEY_CLAUSE = new RegExp(
  `^(?:ADD\\s+)?(?:CONSTRAINT\\s+(?:${IDENTIFIER}\\s+)?)?` +
    '(PRIMARY\\s+KEY|UNIQUE(?:\\s+(?:INDEX|KEY))?|INDEX|KEY)\\s*' +
    `(?:USING\\s+\\w+\\s+)?(${IDENTIFIER}(?=\\s*\\())?\\s*` +
    '(?:USING\\s+\\w+\\s*)?\\(([\\s\\S]*)\\)(?:\\s*USING\\s+\\w+)?$',
  'i',
);
/** One key of an index: a column, with a prefix length, ascending or not. */
const KEY_PART = new RegExp(
  `^(${IDENTIFIER})\\s*(?:\\(\\s*(\\d+)\\s*\\))?(?:\\s+(?:ASC|DESC))?$`,
  'i',
);
/** A column definition of a `CREATE TABLE` that makes it the primary key. */
const INLINE_PRIMARY_KEY = new RegExp(
  `^(${IDENTIFIER})\\s[\\s\\S]*\\bPRIMARY\\s+KEY\\b`,
  'i',
);
/** The bytes of each integer type, by its name (`integer` is `int`). */
export const BYTES_OF_INTEGER: Readonly<Record<string, number>> = {
  tinyint: 1,
  smallint: 2,
  mediumint: 3,
  int: 4,
  integer: 4,
  bigint: 8,
};

/** How a message names the primary key (`Key.what`). */
const PRIMARY_KEY = 'the primary key';

/** A column of a key, with the length of its prefix, if any. */
interface KeyPart {
  /** As written. */
  readonly name: string;
  /** Lower case: MySQL compares column names without case. */
  readonly column: string;
  readonly prefix?: number;
}

/** A key the statement makes. */
interface Key {
  /** `the primary key`, `index "ab"`. */
  readonly what: string;
  readonly parts: readonly KeyPart[];
}

/** The bytes a column (lower case) takes in a key; 0 when not known (a lower bound). */
type ColumnBytes = (column: string, prefix?: number) => number;

/**
 * Why the server would refuse the statement with `Specified key was too
 * long` (errno 1071): an index or primary key it makes on columns whose
 * lengths add up to more than InnoDB's 3072 bytes (two `string` properties,
 * `VARCHAR(512)` in utf8mb4, are 4096). Judged: the primary key, and
 * non-unique indexes of several columns (MariaDB shortens a one-column one
 * to a prefix itself). A UNIQUE index is not: MariaDB stores one over long
 * keys as a hash. A judged key over a TEXT or BLOB column without a prefix
 * length is refused as such (error 1170, or 1071 for MariaDB's index of
 * several columns). Only `CHAR`/`VARCHAR`/`BINARY`/`VARBINARY` and integer
 * columns are counted, so a key counted too long is one the server refuses
 * (a statement that names a character set has its columns counted at 1 byte
 * a character). Tables of other engines are not judged.
 */
export async function oversizedKey(
  connector: JugglerConnector,
  table: TableRef,
  sql: string,
): Promise<string | undefined> {
  const keys = judgedKeys(sql);
  if (keys.length === 0) return undefined;
  const created = createdColumns(sql);
  const written = new Map(
    [
      ...(created.size > 0
        ? created
        : columnChanges(sql).flatMap(c =>
            c.kind !== 'drop-column' && c.type ? [[c.column, c.type]] : [],
          )),
    ].map(([column, type]) => [column.toLowerCase(), type]),
  );
  // A new table's keys are all on its columns: most are judged without a read.
  const widest = statementColumnBytes(written, MAX_CHAR_BYTES);
  if (
    created.size > 0 &&
    keys.every(
      key =>
        keyBytes(key, widest) <= MAX_KEY &&
        !unboundedPart(key, c => written.get(c)),
    )
  )
    return undefined;
  if (!(await isInnoDB(connector, table, sql, created.size > 0))) {
    return undefined;
  }
  const kept =
    created.size > 0
      ? new Map<string, KeptColumn>()
      : await keptColumns(connector, table);
  const typeOf = (column: string) =>
    written.has(column) ? written.get(column) : kept.get(column)?.type;
  for (const key of keys) {
    const part = unboundedPart(key, typeOf);
    if (part) return unboundedKeyRefusal(key, part, table, typeOf);
  }
  const charBytes = /\b(?:CHARACTER\s+SET|CHARSET|COLLATE)\b/i.test(sql)
    ? 1
    : await maxCharBytes(connector, table, created.size > 0);
  const fromStatement = statementColumnBytes(written, charBytes);
  const bytesOf: ColumnBytes = (column, prefix) =>
    written.has(column)
      ? fromStatement(column, prefix)
      : (kept.get(column)?.bytes(prefix) ?? 0);
  const oversized = keys.find(key => keyBytes(key, bytesOf) > MAX_KEY);
  if (!oversized) return undefined;
  const server = await readServer(connector);
  const columns = oversized.parts.map(p => `"${p.name}"`).join(', ');
  return (
    `${oversized.what} on ${columns} of ${describeTable(table)} is at least ` +
    `${keyBytes(oversized, bytesOf)} bytes (each string column its length times ` +
    `the bytes of a character of its character set), over ${describeServer(server)}'s ` +
    `${MAX_KEY}-byte key limit (error 1071 "Specified key was too long"). To fix it, give ` +
    "the string properties a shorter column (mysql: {dataType: 'varchar', dataLength: N}), " +
    "index a prefix of each (settings.indexes: {name: {columns: 'a(N),b(N)'}}), or index fewer properties"
  );
}

/** The primary key and the non-unique indexes of several columns the statement makes. */
function judgedKeys(sql: string): Key[] {
  const created = createdTableElements(sql);
  const elements = created.length > 0 ? created : alterClauses(sql);
  return elements.flatMap(element => {
    if (created.length > 0 && !KEY_CLAUSE.test(element)) {
      const inline = INLINE_PRIMARY_KEY.exec(element);
      if (!inline) return [];
      const name = unquote(inline[1]);
      return [{what: PRIMARY_KEY, parts: [{name, column: name.toLowerCase()}]}];
    }
    const m = KEY_CLAUSE.exec(element);
    if (!m || /^UNIQUE/i.test(m[1])) return [];
    const primary = /^PRIMARY/i.test(m[1]);
    const parts: KeyPart[] = [];
    for (const text of splitClauses(m[3])) {
      const part = KEY_PART.exec(text);
      // An expression: its length is not known.
      if (!part) return [];
      const name = unquote(part[1]);
      parts.push({
        name,
        column: name.toLowerCase(),
        prefix: part[2] === undefined ? undefined : Number(part[2]),
      });
    }
    if (!primary && parts.length < 2) return [];
    const what = primary
      ? PRIMARY_KEY
      : m[2]
        ? `index "${unquote(m[2])}"`
        : 'an index';
    return [{what, parts}];
  });
}

function keyBytes(key: Key, bytesOf: ColumnBytes): number {
  return key.parts.reduce((n, p) => n + bytesOf(p.column, p.prefix), 0);
}

/** The bytes of the columns the statement writes (by lower-case name), from their types. */
function statementColumnBytes(
  written: ReadonlyMap<string, string>,
  charBytes: number,
): ColumnBytes {
  return (column, prefix) => {
    const type = written.get(column);
    if (type === undefined) return 0;
    const m = /^(?:var)?(char|binary)\s*\(\s*(\d+)\s*\)/i.exec(type.trim());
    if (!m) return BYTES_OF_INTEGER[integerType(type)] ?? 0;
    const length = Math.min(prefix ?? Infinity, Number(m[2]));
    return m[1].toLowerCase() === 'char' ? length * charBytes : length;
  };
}

function integerType(type: string): string {
  return /^\s*(\w+)/.exec(type)?.[1].toLowerCase() ?? '';
}

/** Whether the table is (or the statement makes it) an InnoDB table. */
async function isInnoDB(
  connector: JugglerConnector,
  table: TableRef,
  sql: string,
  created: boolean,
): Promise<boolean> {
  const named = created ? /\bENGINE\s*=\s*(\w+)/i.exec(sql)?.[1] : undefined;
  if (named) return named.toLowerCase() === 'innodb';
  const rows = await queryConnector<{engine: string}>(
    connector,
    created
      ? 'SELECT @@default_storage_engine AS engine'
      : `SELECT ENGINE AS engine FROM information_schema.TABLES
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`,
    created ? [] : [table.name],
  );
  return String(rows[0]?.engine ?? '').toLowerCase() === 'innodb';
}

/**
 * The table's columns that take a known length in a key, by lower-case name
 * (MySQL compares column names without case): the bytes of the column, or
 * of a prefix of so many characters.
 */
async function keptColumns(
  connector: JugglerConnector,
  table: TableRef,
): Promise<Map<string, KeptColumn>> {
  const rows = await queryConnector<{
    name: string;
    type: string;
    chars: number | null;
    octets: number | null;
  }>(
    connector,
    `SELECT COLUMN_NAME AS name, DATA_TYPE AS type,
            CHARACTER_MAXIMUM_LENGTH AS chars, CHARACTER_OCTET_LENGTH AS octets
       FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`,
    [table.name],
  );
  const columns = new Map<string, KeptColumn>();
  for (const row of rows) {
    const type = row.type.toLowerCase();
    const [chars, octets] = [Number(row.chars), Number(row.octets)];
    const bytes = /^(?:var)?(?:char|binary)$/.test(type)
      ? (prefix?: number) =>
          prefix === undefined || chars === 0 || prefix >= chars
            ? octets
            : prefix * (octets / chars)
      : () => BYTES_OF_INTEGER[type] ?? 0;
    columns.set(row.name.toLowerCase(), {bytes, type});
  }
  return columns;
}

/** A column the table keeps: its bytes in a key, and its type. */
interface KeptColumn {
  bytes(prefix?: number): number;
  /** Its `DATA_TYPE`, lower case. */
  readonly type: string;
}

/**
 * The first part of a key that is a TEXT or BLOB column without a prefix
 * length, by each column's type (as written, or `DATA_TYPE`).
 */
function unboundedPart(
  key: Key,
  typeOf: (column: string) => string | undefined,
): KeyPart | undefined {
  return key.parts.find(p => p.prefix === undefined && isLob(typeOf(p.column)));
}

/**
 * The refusal of a key over a TEXT or BLOB column without a prefix length:
 * the primary key (error 1170, "BLOB/TEXT column used in key specification
 * without a key length"), an index of several columns (MariaDB: 1071,
 * "Specified key was too long"; MySQL: 1170). A property TypeScript typed
 * `Object` (`id: string | undefined`) has such a column.
 */
function unboundedKeyRefusal(
  key: Key,
  lob: KeyPart,
  table: TableRef,
  typeOf: (column: string) => string | undefined,
): string {
  const type = (typeOf(lob.column) ?? '').trim().split(/\s/)[0].toUpperCase();
  const primary = key.what === PRIMARY_KEY;
  return (
    `${key.what} of ${describeTable(table)} is over column "${lob.name}", a ${type}, ` +
    'without a prefix length: the server keys a TEXT or BLOB column only by a prefix of ' +
    'it (error 1170 "BLOB/TEXT column used in key specification without a key length"' +
    (primary
      ? ''
      : '; MariaDB refuses an index of several columns as 1071 "Specified key was too long"') +
    "). To fix it, give the property a column with a length (mysql: {dataType: 'varchar', " +
    'dataLength: N}; a property TypeScript typed Object, such as `id: string | undefined` ' +
    'without a type in its decorator, is TEXT: declare one type)' +
    (primary
      ? ''
      : ", or index a prefix of it (settings.indexes: {name: {columns: 'a,b(N)'}})")
  );
}
