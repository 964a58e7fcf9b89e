import type {JugglerConnector} from '../../juggler';
import {escapeRegExp} from '../../planner/sql-text';
import {escapeName} from '../dialect';
import {parsePgType} from './type-rewrites';

/** Column types whose `'$now'` PostgreSQL reads as the time it is read. */
export const DATE_TIME_TYPES = new Set([
  'date',
  'timestamp',
  'timestamptz',
  'time',
  'timetz',
]);

/** The default juggler reads, on a date property, as the time of each write. */
const NOW = '$now';

/** A property as the connector keeps it, as far as its default goes. */
interface DefaultedProperty {
  readonly type?: unknown;
  readonly default?: unknown;
  readonly postgresql?: {readonly dbDefault?: unknown};
}

/**
 * Write `DEFAULT now()` for a date property's `default: '$now'`. juggler
 * reads that default as the time of each write; the connector writes it as
 * the column's database default `DEFAULT '$now'`, which PostgreSQL reads as
 * `'now'` when it runs the DDL: the catalog keeps the time of the
 * migration, and every row inserted without the column (raw SQL, another
 * client) gets that time forever. Only where the connector writes the
 * default from `default` (a `postgresql.dbDefault` is the app's own) and
 * the column is of a date or time type (a text column keeps the string).
 */
export function withNowDefaults(
  sql: string,
  connector: JugglerConnector,
  model: string,
): string {
  if (!sql.includes(`'${NOW}'`)) return sql;
  const properties = connector._models?.[model]?.properties ?? {};
  let result = sql;
  for (const [name, definition] of Object.entries(properties)) {
    if (!defaultsToNow(definition as DefaultedProperty)) continue;
    const column = escapeName(
      connector,
      connector.column?.(model, name) ?? name,
    );
    const definitionOf = new RegExp(
      `(^|[\\s,(])(${escapeRegExp(column)}\\s+)([^,]+?)(\\s+NOT\\s+NULL)?` +
        `\\s+DEFAULT\\s+'\\$now'(?=\\s*(?:,|\\)|$))`,
      'gi',
    );
    result = result.replace(
      definitionOf,
      (whole, before: string, named: string, type: string, notNull = '') =>
        DATE_TIME_TYPES.has(parsePgType(type).base)
          ? `${before}${named}${type}${notNull} DEFAULT now()`
          : whole,
    );
  }
  return result;
}

/** A date property whose `default: '$now'` the connector writes. */
export function defaultsToNow(property: DefaultedProperty): boolean {
  return (
    property.default === NOW &&
    typeof property.type === 'function' &&
    property.type.name === 'Date' &&
    !property.postgresql?.dbDefault
  );
}
