import type {JugglerConnector} from '../../juggler';
import {
  StatementClauses,
  splitClauses,
  unquote,
} from '../../planner/statement-clauses';
import {statedColumn} from './no-ops';
import {literal, quote} from './quote';
import {canonicalMysqlType} from './types';

const ADD_COLUMN = /^ADD\s+COLUMN\s+(`(?:[^`]|``)*`|[\w$]+)\s+([\s\S]+)$/i;

/**
 * A new required property with a model `default`, on a table that exists:
 * the connector adds its column `NOT NULL` without a database default
 * (it writes only `mysql.default`), so MySQL and MariaDB fill the rows the
 * table holds with the type's implicit value (`''`, `0`), not the model's
 * default. Where that default is a literal that fits the column (see
 * {@link defaultLiteral}), the column is added `DEFAULT <literal>`, which
 * fills those rows with it (INSTANT on MariaDB 10.3.2+ and MySQL 8.0.12+),
 * and a statement of its own right after drops that default again, so that
 * the column is the one the model's `CREATE TABLE` makes (no default; the
 * app writes the value). Not in the same statement: MariaDB then drops the
 * default before it fills the rows (measured on 10.11: they get `''`).
 * Other statements stay as they are.
 */
export function withModelDefaultsOnNewColumns(
  connector: JugglerConnector,
  model: string,
  statements: readonly string[],
): string[] {
  const properties = propertiesByColumn(connector, model);
  if (properties.size === 0) return [...statements];
  return statements.flatMap(sql => {
    const clauses = new StatementClauses([sql]);
    const filled: string[] = [];
    let table: string | undefined;
    for (const clause of clauses.remaining()) {
      const match = ADD_COLUMN.exec(clause.text);
      if (!match || !clause.table) continue;
      const column = unquote(match[1]);
      const stated = statedColumn(match[2]);
      const property = properties.get(column);
      if (!stated || stated.nullable || stated.default || !property) continue;
      const value = defaultLiteral(property, stated.type);
      if (value === undefined) continue;
      clauses.restate(clause, `${clause.text} DEFAULT ${value}`);
      filled.push(`ALTER COLUMN ${quote(column)} DROP DEFAULT`);
      table = clause.table;
    }
    if (!table) return [sql];
    return [
      ...clauses.statements(),
      `ALTER TABLE ${table} ${filled.join(', ')}`,
    ];
  });
}

const DROP_DEFAULT = /^ALTER\s+COLUMN\s+(`(?:[^`]|``)*`)\s+DROP\s+DEFAULT$/i;
/** The online form's algorithm (see online-ddl.ts). */
const ALGORITHM = /^(?:ALGORITHM|LOCK)\s*=\s*\w+$/i;

/**
 * The table and the columns of a statement that drops the defaults again
 * (only {@link withModelDefaultsOnNewColumns} writes one: every clause drops
 * a default); `undefined` for other statements.
 */
export function droppedDefaultColumns(
  sql: string,
): {table: string; columns: string[]} | undefined {
  // Most statements drop no default: they are not split into clauses.
  if (!/\bDROP\s+DEFAULT\b/i.test(sql)) return undefined;
  const match = /^ALTER\s+TABLE\s+(`(?:[^`]|``)*`|[\w$]+)\s+([\s\S]+)$/i.exec(
    sql.trim(),
  );
  if (!match) return undefined;
  const clauses = splitClauses(match[2])
    .map(c => c.trim())
    .filter(c => !ALGORITHM.test(c));
  const columns = clauses.map(c => DROP_DEFAULT.exec(c)?.[1]);
  if (columns.length === 0 || columns.some(c => c === undefined)) {
    return undefined;
  }
  return {
    table: unquote(match[1]),
    columns: columns.map(c => unquote(c!)),
  };
}

/**
 * The reason of the statement that drops the defaults again (the mysql
 * dialect's `reasonOf`); `undefined` for other statements.
 */
export function droppedFillDefaultReason(sql: string): string | undefined {
  if (!droppedDefaultColumns(sql)) return undefined;
  return (
    "drops the database default that gave the table's existing rows the " +
    "property's default in the column added before: the column is left as " +
    "the model's CREATE TABLE makes it (the app writes the value)"
  );
}

/** A property as the connector keeps it, as far as its default goes. */
interface DefaultedProperty {
  readonly type?: unknown;
  readonly default?: unknown;
  readonly defaultFn?: unknown;
}

/** The model's properties that declare a `default`, by their column. */
function propertiesByColumn(
  connector: JugglerConnector,
  model: string,
): Map<string, DefaultedProperty> {
  const properties = connector._models?.[model]?.properties ?? {};
  const found = new Map<string, DefaultedProperty>();
  for (const [name, definition] of Object.entries(properties)) {
    const property = definition as DefaultedProperty | undefined;
    if (property?.default === undefined) continue;
    found.set(connector.column?.(model, name) ?? name, property);
  }
  return found;
}

const INTEGER_BITS: Readonly<Record<string, number>> = {
  tinyint: 8,
  smallint: 16,
  mediumint: 24,
  int: 32,
  bigint: 64,
};

/**
 * The SQL literal of a property's `default` for a column of `type`, or
 * `undefined` where the model's default is not one value the column holds
 * as is: a `defaultFn`, a function (juggler calls it on each write), a
 * date (juggler reads `'$now'` as the time of the write), an object or an
 * array, a value of another kind than the property (juggler does not
 * coerce it), or one the type cannot hold (a string longer than a
 * `VARCHAR(n)`, a number out of an integer's range or with more decimals
 * than a `DECIMAL`'s scale). Strings go in `CHAR`/`VARCHAR` columns
 * (`TEXT` and `BLOB` columns take no literal default on MySQL), numbers in
 * integer, decimal and floating-point ones, booleans in `TINYINT(1)` (as 1
 * or 0, what the connector writes for them).
 */
export function defaultLiteral(
  property: DefaultedProperty,
  type: string,
): string | undefined {
  const value = property.default;
  if (property.defaultFn !== undefined) return undefined;
  const kind = propertyKind(property.type);
  const column = canonicalMysqlType(type);
  if (kind === 'string' && typeof value === 'string') {
    const text = /^(?:var)?char\((\d+)\)/.exec(column);
    return text && [...value].length <= Number(text[1])
      ? literal(value)
      : undefined;
  }
  if (kind === 'number' && typeof value === 'number') {
    return numberFits(value, column) ? String(value) : undefined;
  }
  if (kind === 'boolean' && typeof value === 'boolean') {
    return column === 'tinyint(1)' ? (value ? '1' : '0') : undefined;
  }
  return undefined;
}

/** `String` (juggler's constructor) or `'string'` → `string`. */
function propertyKind(type: unknown): string | undefined {
  const name =
    typeof type === 'function'
      ? (type as {name?: string}).name
      : typeof type === 'string'
        ? type
        : undefined;
  return name?.toLowerCase();
}

function numberFits(value: number, column: string): boolean {
  if (!Number.isFinite(value)) return false;
  const integer =
    /^(tinyint|smallint|mediumint|int|bigint)(?:\(\d+\))?( unsigned)?/.exec(
      column,
    );
  if (integer) {
    if (!Number.isSafeInteger(value)) return false;
    const bits = INTEGER_BITS[integer[1]];
    const [low, high] = integer[2]
      ? [0, 2 ** bits - 1]
      : [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1];
    return value >= low && value <= high;
  }
  const decimal = /^decimal\((\d+),(\d+)\)( unsigned)?/.exec(column);
  if (decimal) {
    const [precision, scale] = [Number(decimal[1]), Number(decimal[2])];
    const digits = /^-?(\d+)(?:\.(\d+))?$/.exec(String(value));
    if (!digits || (decimal[3] && value < 0)) return false;
    const whole = digits[1].replace(/^0+(?=\d)/, '');
    const fraction = digits[2] ?? '';
    return (
      fraction.length <= scale &&
      (whole === '0' ? 0 : whole.length) <= precision - scale
    );
  }
  // FLOAT holds up to about 3.4e38; UNSIGNED ones (deprecated) no negatives.
  const float = /^(float|double)\b/.exec(column);
  if (!float || (/ unsigned/.test(column) && value < 0)) return false;
  return float[1] === 'double' || Math.abs(value) <= 3.4e38;
}
