import {describeTable, type TableRef} from '../dialect';
import {queryConnector, type JugglerConnector} from '../../juggler';
import {statementColumnTypes} from '../../planner/alter-clauses';

/** `SERIAL` and its sizes: no type, a shorthand of `CREATE TABLE`. */
const SERIAL = /^(?:small|big)?serial$/i;

/**
 * Types every PostgreSQL database has (the connector writes these for
 * LoopBack's own types), with their modifiers and array brackets: not
 * looked up, so that a plan of ordinary models asks nothing more.
 */
const BUILT_IN =
  /^(?:text|varchar|character\s+varying|character|char|integer|int[248]?|smallint|bigint|boolean|bool|real|float[48]?|double\s+precision|numeric|decimal|date|time|timetz|timestamp|timestamptz|interval|json|jsonb|uuid|bytea|point|line|lseg|box|path|polygon|circle|money|inet|cidr|macaddr8?|xml|tsvector|tsquery|bit(?:\s+varying)?|varbit)(?:\s*\([^)]*\))?(?:\s+with(?:out)?\s+time\s+zone)?(?:\s*\[\s*\d*\s*\])*$/i;

/**
 * Why PostgreSQL refuses the statement's new column types, if it does: a
 * type the database does not have, e.g. an enum a model declares
 * (`postgresql: {dataType: 'order_status'}`) on a database where no one
 * made it yet (the connector makes no type). Types other than the
 * built-in ones are resolved as the apply resolves them, on the
 * datasource's `search_path`, in one query.
 */
export async function missingColumnTypes(
  connector: JugglerConnector,
  table: TableRef,
  sql: string,
): Promise<string | undefined> {
  const types = statementColumnTypes(sql);
  const named = [...types].filter(
    ([, type]) => !SERIAL.test(type) && !BUILT_IN.test(type.trim()),
  );
  if (named.length === 0) return undefined;
  const rows = await queryConnector<{missing: boolean[]}>(
    connector,
    'SELECT ARRAY(SELECT to_regtype(t) IS NULL FROM unnest($1::text[]) ' +
      'WITH ORDINALITY AS u(t, at) ORDER BY at) AS "missing"',
    [named.map(([, type]) => type)],
  );
  const missing = named.filter((_, i) => rows[0].missing[i]);
  if (missing.length === 0) return undefined;
  return (
    missing
      .map(
        ([column, type]) =>
          `column "${column}" of ${describeTable(table)} has type ${type}, ` +
          'which the database does not have',
      )
      .join('; ') +
    ' (the connector makes no type). Make it first, in a migration script ' +
    "with runs = 'before-schema' (CREATE TYPE ..., CREATE EXTENSION ...), " +
    "or correct the property's postgresql.dataType"
  );
}
