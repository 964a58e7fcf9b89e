import {queryConnector, type JugglerConnector} from '../../juggler';
import {escapeName, qualifiedName} from '../dialect';
import {pgTableOf} from './model-schema';
import {DATE_TIME_TYPES, defaultsToNow} from './now-defaults';
import {parsePgType} from './type-rewrites';

const THAWED_NOW_REASON =
  "the column's default is the time of an earlier migration (the connector wrote the " +
  "property's default '$now' as a constant, which PostgreSQL read as that moment): " +
  'every row inserted without the column got it; now() is the time of each insert, as ' +
  "juggler reads '$now' and as a new database has it";

/** The statement {@link withThawedNowDefaults} adds. */
const THAWED_NOW = /^ALTER TABLE \S+ ALTER COLUMN \S+ SET DEFAULT now\(\)$/;

/** Why a statement {@link withThawedNowDefaults} added runs (`Dialect.reasonOf`). */
export function thawedNowReason(sql: string): string | undefined {
  return THAWED_NOW.test(sql) ? THAWED_NOW_REASON : undefined;
}

/** A constant date or time literal, as the catalog shows one (`'2026-...'::timestamp with time zone`). */
const CONSTANT_TIME = /^'[^']*'::(?:date|time|timestamp)\b[\w\s]*$/;

/**
 * Give `DEFAULT now()` back to the existing columns of a model's date
 * properties declaring `default: '$now'` whose default the catalog holds
 * as a constant time: a table made by stock LoopBack, or by this package
 * before it wrote `now()` (see `withNowDefaults`), kept the time of its
 * migration as every later insert's default, and the connector never
 * compares defaults. Reads the catalog only for a model with such a
 * property.
 */
export async function withThawedNowDefaults(
  connector: JugglerConnector,
  model: string,
  statements: readonly string[],
): Promise<string[]> {
  const properties = connector._models?.[model]?.properties ?? {};
  const columns = Object.entries(properties)
    .filter(([, definition]) => defaultsToNow(definition as object))
    .map(([name]) => connector.column?.(model, name) ?? name);
  if (columns.length === 0) return [...statements];
  const table = pgTableOf(connector, model);
  const rows = await queryConnector<{name: string; type: string; expr: string}>(
    connector,
    `SELECT a.attname AS "name", format_type(a.atttypid, a.atttypmod) AS "type",
            pg_get_expr(d.adbin, d.adrelid) AS "expr"
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
        AND a.attname = ANY($2)`,
    [qualifiedName(connector, table), columns],
  );
  const thawed = rows
    .filter(
      row =>
        CONSTANT_TIME.test(row.expr) &&
        DATE_TIME_TYPES.has(parsePgType(row.type).base),
    )
    .map(
      row =>
        `ALTER TABLE ${qualifiedName(connector, table)} ALTER COLUMN ` +
        `${escapeName(connector, row.name)} SET DEFAULT now()`,
    );
  return [...statements, ...thawed];
}
