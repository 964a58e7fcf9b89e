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

/** Integer types by their size in bytes. */
const INTEGER_BYTES: Readonly<Record<string, number>> = {
  int2: 2,
  int4: 4,
  int8: 8,
};

/**
 * `true` when every value a column of type `from` can hold converts to type
 * `to` and reads back equal: a change the catalog alone makes
 * ({@link pgMetadataOnlyTypeChange}), a wider integer, an integer to
 * `numeric` without limits, `real` to `double precision`, a 2- or 4-byte
 * integer to `double precision` (exact to 2^53). No stored value needs
 * reading to judge it, and no value written later can be lost by it.
 */
export function pgLosslessTypeChange(from: string, to: string): boolean {
  if (pgMetadataOnlyTypeChange(from, to)) return true;
  const a = parsePgType(from);
  const b = parsePgType(to);
  const size = INTEGER_BYTES[a.base];
  if (size !== undefined) {
    const wider = INTEGER_BYTES[b.base];
    if (wider !== undefined) return wider >= size;
    if (b.base === 'numeric') return b.args.length === 0;
    return b.base === 'float8' && size <= 4;
  }
  return a.base === 'float4' && b.base === 'float8';
}
