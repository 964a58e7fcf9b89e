/** A PostgreSQL type, its name canonical and its modifiers apart. */
interface PgType {
  readonly base: string;
  readonly args: number[];
}

const ALIASES: Readonly<Record<string, string>> = {
  'character varying': 'varchar',
  character: 'bpchar',
  char: 'bpchar',
  integer: 'int4',
  int: 'int4',
  bigint: 'int8',
  smallint: 'int2',
  decimal: 'numeric',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
  'double precision': 'float8',
  real: 'float4',
  boolean: 'bool',
};

/** `character varying(40)` → `{base: 'varchar', args: [40]}`. */
export function parsePgType(text: string): PgType {
  const args = /\(([^)]*)\)/.exec(text)?.[1];
  const base = text
    .replace(/\([^)]*\)/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  return {
    base: ALIASES[base] ?? base,
    args: args ? args.split(',').map(a => Number(a.trim())) : [],
  };
}

/** Types whose only modifier is a precision (default 6) that may grow in place. */
const TIME_TYPES = new Set([
  'timestamp',
  'timestamptz',
  'time',
  'timetz',
  'interval',
]);

/**
 * `true` when changing a column from type `from` to `to` leaves every
 * stored value as it is (binary coercible, a limit only raised): PostgreSQL
 * changes the catalog and neither rewrites nor scans the table.
 */
export function pgMetadataOnlyTypeChange(from: string, to: string): boolean {
  const a = parsePgType(from);
  const b = parsePgType(to);
  if (a.base === b.base && a.args.join() === b.args.join()) return true;
  if (a.base === 'varchar' && b.base === 'text') return true;
  if (a.base === 'text' && b.base === 'varchar') return b.args.length === 0;
  if (a.base !== b.base) return false;
  switch (a.base) {
    case 'varchar':
    case 'varbit':
      return (
        b.args.length === 0 || (a.args.length > 0 && b.args[0] >= a.args[0])
      );
    case 'numeric':
      return (
        b.args.length === 0 ||
        (a.args.length > 0 &&
          b.args[0] >= a.args[0] &&
          (b.args[1] ?? 0) === (a.args[1] ?? 0))
      );
    default:
      return TIME_TYPES.has(a.base) && (b.args[0] ?? 6) >= (a.args[0] ?? 6);
  }
}
