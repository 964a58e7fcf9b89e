import {splitClauses} from '../../planner/statement-clauses';

/** The display widths MySQL shows for integer types that declare none. */
const DEFAULT_WIDTHS: Readonly<Record<string, readonly [number, number]>> = {
  tinyint: [4, 3],
  smallint: [6, 5],
  mediumint: [9, 8],
  int: [11, 10],
  bigint: [20, 20],
};

/** `int(11)` → `int`, `int(10) unsigned` → `int unsigned`; others as they are. */
export function withoutDefaultWidth(type: string): string {
  const match =
    /^(tinyint|smallint|mediumint|int|bigint)\((\d+)\)(\s+unsigned)?(.*)$/i.exec(
      type,
    );
  if (!match) return type;
  const [, base, width, unsigned, rest] = match;
  const [signedWidth, unsignedWidth] = DEFAULT_WIDTHS[base.toLowerCase()];
  const expected = unsigned ? unsignedWidth : signedWidth;
  return Number(width) === expected ? `${base}${unsigned ?? ''}${rest}` : type;
}

const INTEGER =
  /^(tinyint|smallint|mediumint|int|bigint)(?:\(\d+\))?((?: unsigned)?(?: zerofill)?)$/;

/**
 * Whether two integer types differ in their display width only
 * (`tinyint(3)`, as lb4 discover writes a `tinyint(1)` column): it changes
 * no value.
 */
export function integerWidthOnly(declared: string, column: string): boolean {
  const [a, b] = [declared, column].map(t =>
    INTEGER.exec(canonicalMysqlType(t)),
  );
  return Boolean(a && b && a[1] === b[1] && a[2] === b[2]);
}

/**
 * An integer type's name and whether it is unsigned (`INT(10) UNSIGNED` →
 * `int`, unsigned; `INTEGER` → `int`); `undefined` for any other type.
 */
export function integerSign(
  type: string,
): {readonly base: string; readonly unsigned: boolean} | undefined {
  const match = INTEGER.exec(canonicalMysqlType(type));
  return match
    ? {base: match[1], unsigned: match[2].includes('unsigned')}
    : undefined;
}

/** Type names MySQL and MariaDB store under another name. */
const SYNONYMS: Readonly<Record<string, string>> = {
  integer: 'int',
  bool: 'tinyint',
  boolean: 'tinyint',
  dec: 'decimal',
  numeric: 'decimal',
  fixed: 'decimal',
  real: 'double',
  'double precision': 'double',
  'character varying': 'varchar',
  character: 'char',
  int1: 'tinyint',
  int2: 'smallint',
  int3: 'mediumint',
  int4: 'int',
  int8: 'bigint',
  middleint: 'mediumint',
  float4: 'float',
  float8: 'double',
  long: 'mediumtext',
  'long varchar': 'mediumtext',
  'long varbinary': 'mediumblob',
  'char byte': 'binary',
  // The national character set (utf8mb3), which the column's own states.
  nchar: 'char',
  'national char': 'char',
  'national character': 'char',
  nvarchar: 'varchar',
  'nchar varchar': 'varchar',
  'national varchar': 'varchar',
  'national char varying': 'varchar',
  'national character varying': 'varchar',
};

/** Arguments a type has when it states none, or states fewer. */
function defaultArguments(base: string, args: string | undefined): string {
  const list = args === undefined ? [] : args.split(',');
  switch (base) {
    case 'decimal':
      return `${list[0] ?? '10'},${list[1] ?? '0'}`;
    case 'char':
    case 'binary':
      return args ?? '1';
    case 'datetime':
    case 'timestamp':
    case 'time':
      return args === '0' ? '' : (args ?? '');
    case 'year':
      // MariaDB shows `year(4)`, the only width it keeps.
      return args === '4' ? '' : (args ?? '');
    default:
      return args ?? '';
  }
}

/**
 * A column type as MySQL stores it, so that two spellings of one type
 * compare equal: `INTEGER` and `int(11)` → `int`, `NUMERIC(8)` →
 * `decimal(8,0)`, `BOOLEAN` → `tinyint(1)`, `REAL` → `double`,
 * `DATETIME(0)` → `datetime`, `year(4)` → `year`. Lower case but for ENUM
 * and SET values; unknown types as they are.
 */
export function canonicalMysqlType(type: string): string {
  let canonical = CANONICAL.get(type);
  if (canonical === undefined) {
    // A plan compares the same few types for every column: each once.
    if (CANONICAL.size >= CANONICAL_MAX) CANONICAL.clear();
    canonical = canonicalOf(type);
    CANONICAL.set(type, canonical);
  }
  return canonical;
}

/** {@link canonicalMysqlType}'s answers, by the type as given. */
const CANONICAL = new Map<string, string>();
const CANONICAL_MAX = 10_000;

function canonicalOf(type: string): string {
  const values = /^\s*(enum|set)\s*\(([\s\S]*)\)\s*$/i.exec(type);
  if (values) {
    // The values keep their case: it is theirs.
    return `${values[1].toLowerCase()}(${splitClauses(values[2]).join(',')})`;
  }
  const text = type
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*\)/g, ')');
  const match =
    /^([a-z][a-z0-9 ]*?)(?:\(([^)]*)\))?((?: (?:unsigned|signed|zerofill))*)$/.exec(
      text,
    );
  if (!match) return text;
  const [, name, args, flags] = match;
  let base = SYNONYMS[name] ?? name;
  let stated: string | undefined =
    name === 'bool' || name === 'boolean' ? '1' : args;
  if (base === 'float' && stated !== undefined && !stated.includes(',')) {
    // FLOAT(p) is FLOAT up to 24 bits of precision, DOUBLE beyond.
    base = Number(stated) > 24 ? 'double' : 'float';
    stated = undefined;
  }
  const resolved = defaultArguments(base, stated);
  const kept = flags.replace(/ signed\b/g, '');
  return withoutDefaultWidth(
    `${base}${resolved === '' ? '' : `(${resolved})`}${kept}`,
  );
}

/** The most bytes a character takes, by character set (`CHARACTER_SETS.MAXLEN`). */
const CHARSET_BYTES = new Map<string, number>(
  Object.entries({
    1:
      'armscii8 ascii binary cp1250 cp1251 cp1256 cp1257 cp850 cp852 cp866 dec8 ' +
      'geostd8 greek hebrew hp8 keybcs2 koi8r koi8u latin1 latin2 latin5 latin7 ' +
      'macce macroman swe7 tis620',
    2: 'big5 cp932 euckr gb2312 gbk sjis ucs2',
    3: 'eucjpms ujis utf8 utf8mb3',
    4: 'gb18030 utf16 utf16le utf32 utf8mb4',
  }).flatMap(([bytes, names]) =>
    names.split(' ').map(name => [name, Number(bytes)] as const),
  ),
);

/** The TEXT and BLOB types of each size, smallest first, with their most bytes. */
const LOB_SIZES: ReadonlyArray<readonly [string, number]> = [
  ['tiny', 255],
  ['', 65_535],
  ['medium', 16_777_215],
  ['long', 4_294_967_295],
];

/**
 * The type MySQL stores for `TEXT(n)` or `BLOB(n)`, given canonical (as
 * {@link canonicalMysqlType} spells it): the smallest of its kind that holds
 * `n` characters of `charset` (TEXT) or `n` bytes (BLOB), so `text(65535)`
 * in utf8mb4 is `mediumtext`, `blob(65535)` is `blob`. Other types as they
 * are, and a TEXT(n) of a character set this does not know.
 */
export function storedLobType(
  canonical: string,
  charset: string | null,
): string {
  const match = /^(text|blob)\((\d+)\)$/.exec(canonical);
  if (!match) return canonical;
  const [, kind, length] = match;
  const perChar =
    kind === 'blob' ? 1 : CHARSET_BYTES.get(charset?.toLowerCase() ?? '');
  if (perChar === undefined) return canonical;
  const bytes = Number(length) * perChar;
  // TEXT(0) and BLOB(0) are TEXT and BLOB.
  if (bytes === 0) return kind;
  const size = LOB_SIZES.find(([, most]) => bytes <= most);
  return size ? `${size[0]}${kind}` : canonical;
}

/**
 * A single number after a type that takes none: `DOUBLE(22)`, `REAL(22)`
 * (a precision, which MySQL takes there only with a scale) and
 * `MEDIUMTEXT(16777215)`, `LONGBLOB(4294967295)` (a length): syntax errors.
 */
const NUMBER_NOT_TAKEN =
  /\b(DOUBLE(?:\s+PRECISION)?|REAL|(?:TINY|MEDIUM|LONG)(?:TEXT|BLOB))\s*\(\s*\d+\s*\)/gi;

/**
 * SQL without the number the connector writes after a type that takes
 * none (the `dataPrecision` and `dataLength` lb4 discover writes for every
 * DOUBLE and TINY/MEDIUM/LONG TEXT or BLOB column: their maximum).
 */
export function withoutNumberNotTaken(sql: string): string {
  return sql.replace(NUMBER_NOT_TAKEN, '$1');
}
