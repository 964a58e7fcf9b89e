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
};

/** Arguments a type has when it states none, or states fewer. */
function defaultArguments(base: string, args: string | undefined): string {
  const list = args === undefined ? [] : args.split(',');
  switch (base) {
    case 'decimal':
      return `${list[0] ?? '10'},${list[1] ?? '0'}`;
    case 'char':
      return args ?? '1';
    case 'datetime':
    case 'timestamp':
    case 'time':
      return args === '0' ? '' : (args ?? '');
    default:
      return args ?? '';
  }
}

/**
 * A column type as MySQL stores it, so that two spellings of one type
 * compare equal: `INTEGER` and `int(11)` → `int`, `NUMERIC(8)` →
 * `decimal(8,0)`, `BOOLEAN` → `tinyint(1)`, `REAL` → `double`,
 * `DATETIME(0)` → `datetime`. Lower case but for ENUM and SET values;
 * unknown types as they are.
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
    /^([a-z ]+?)(?:\(([^)]*)\))?((?: (?:unsigned|signed|zerofill))*)$/.exec(
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
