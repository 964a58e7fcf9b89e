import type {PgClient} from './client';
import {withoutStatementTimeout} from './unlimited-scan';
import type {JugglerConnector} from '../../juggler';
import {pgLosslessTypeChange} from './type-rewrites';
import type {ColumnRef, ConversionLoss} from '../../planner/loss/checks';
import {describeChangedValues} from '../../planner/loss/changed-values';
import {
  convertedColumn,
  describeSampledKeys,
  sampledRows,
} from './conversion-rows';
import {totalOf} from '../../planner/will-fail/data';

/** PostgreSQL's errors for a cast that no data could make work. */
const NO_CONVERSION = new Set(['42846', '42804', '42704', '42601']);
/** No equality for the old type (`point`, `xml`), or no cast back to it. */
const NOT_COMPARABLE = new Set(['42883', '42846']);

/** The SQLSTATE of a database error; other errors are thrown on. */
function sqlState(err: unknown, accepted: (code: string) => boolean): string {
  const code = (err as {code?: unknown}).code;
  if (typeof code !== 'string' || !accepted(code)) throw err;
  return code;
}

/** A data exception (class 22): a value the cast cannot take. */
const isDataException = (code: string) => code.startsWith('22');
/** A domain's NOT NULL or CHECK refusing a value cast to it. */
const DOMAIN_REFUSALS = new Set(['23502', '23514']);
/** A value the cast cannot take: a data exception, or the domain refused it. */
const isRefusedValue = (code: string) =>
  isDataException(code) || DOMAIN_REFUSALS.has(code);

/** Number types, whose values (`NUMERIC`, `BIGINT` read as text) are shown bare. */
const NUMBER_TYPE =
  /^\s*(smallint|integer|int[248]?|bigint|numeric|decimal|real|double precision|float[48]?)\b/i;

/** True for a cast that fails on this value, false for one that works. */
const CAST_FAILS = `CREATE OR REPLACE FUNCTION pg_temp.lsm_cast_fails(v anyelement, target text)
  RETURNS boolean LANGUAGE plpgsql AS $f$
  BEGIN
    EXECUTE format('SELECT ($1)::%s', target) USING v;
    RETURN false;
  EXCEPTION WHEN others THEN
    RETURN true;
  END $f$`;

/**
 * Judge converting a column to `type` as the connector's `USING col::type`
 * does: a value that cannot be cast makes the change fail (`refusal`); a
 * value is kept when the cast value, cast back to the column's current type,
 * equals it by that type's own comparison (numbers by value, text exactly,
 * times by value; JSON on either side by `jsonb` equality). A widening
 * ({@link pgLosslessTypeChange}) reads no row and needs no guard. The
 * rows refused or not kept are named by primary key, the first few of
 * them, in the read that counts them.
 */
export async function postgresqlConversionLoss(
  connector: JugglerConnector,
  ref: ColumnRef,
  type: string,
): Promise<ConversionLoss> {
  return withoutStatementTimeout(connector, client =>
    judgeConversion(client, ref, type),
  );
}

async function judgeConversion(
  client: PgClient,
  ref: ColumnRef,
  type: string,
): Promise<ConversionLoss> {
  const {type: current, key} = await convertedColumn(client, ref);
  if (pgLosslessTypeChange(current, type)) {
    return {
      values: 0,
      exact: true,
      note: `a widening of ${current}: every value it can hold fits, none was read`,
    };
  }
  const cast = `(${ref.column})::${type}`;
  try {
    await client.query(`SELECT count(${cast}) FROM ${ref.table}`);
  } catch (err) {
    const code = sqlState(err, c => isRefusedValue(c) || NO_CONVERSION.has(c));
    const error = (err as Error).message;
    return {
      values: 0,
      exact: true,
      refusal: NO_CONVERSION.has(code)
        ? {error}
        : {error, ...(await failingRows(client, ref, type, key))},
    };
  }
  const kept =
    isJson(current) || isJson(type)
      ? `(${cast})::jsonb = (${ref.column})::jsonb`
      : isBytea(type) && isText(current)
        ? `convert_from(${cast}, current_setting('server_encoding')) = ${ref.column}`
        : `(${cast})::${readBackType(current)} IS NOT DISTINCT FROM ${ref.column}`;
  try {
    const {rows} = await client.query(
      sampledRows(
        ref,
        key,
        `, ${ref.column} AS old_value, ${cast} AS new_value`,
        `${ref.column} IS NOT NULL AND NOT (${kept})`,
      ),
    );
    const lost = rows as Array<Record<string, unknown>>;
    const values = totalOf(lost);
    const numbers = {
      before: NUMBER_TYPE.test(current),
      after: NUMBER_TYPE.test(type),
    };
    return {
      values,
      exact: true,
      keeps: `${ref.column} IS NULL OR (${kept})`,
      ...(values > 0 && {samples: describeChangedValues(key, lost, numbers)}),
    };
  } catch (err) {
    // The new type cannot be read back as the old one, or the old type has
    // no equality: every value is at risk, and the reason says so.
    sqlState(err, c => isDataException(c) || NOT_COMPARABLE.has(c));
    const {rows} = await client.query(
      `SELECT count(${ref.column}) AS n FROM ${ref.table}`,
    );
    return {
      values: Number((rows[0] as {n: string}).n),
      exact: false,
      keeps: `${ref.column} IS NULL`,
    };
  }
}

/**
 * How many stored values the cast refuses, tried one by one (NULLs too,
 * which a domain NOT NULL refuses), and the primary keys of the first of
 * their rows (`id 7, 9`; '' without a key), in one read.
 */
async function failingRows(
  client: PgClient,
  ref: ColumnRef,
  type: string,
  key: readonly string[],
): Promise<{rows: number; keys: string}> {
  await client.query(CAST_FAILS);
  try {
    const {rows} = await client.query(
      sampledRows(ref, key, '', `pg_temp.lsm_cast_fails(${ref.column}, $1)`),
      [type],
    );
    const refused = rows as Array<Record<string, unknown>>;
    return {rows: totalOf(refused), keys: describeSampledKeys(key, refused)};
  } finally {
    await client.query(
      'DROP FUNCTION pg_temp.lsm_cast_fails(anyelement, text)',
    );
  }
}

/**
 * The type converted values are read back as, to compare them with the
 * stored ones: the column's own type without the length or precision that
 * a cast enforces by changing the value. A value the conversion rounds up
 * may not fit the old `numeric(p,s)` (99999999.99 becomes 100000000.0 in
 * numeric(10,1), too large for numeric(10,2)): read back into it, it failed
 * the whole comparison, and every value counted as unchecked. A cast to
 * `varchar(n)` silently cuts a longer value to n characters ('12345' in
 * varchar(5) to numeric(10,2) is '12345.00', read back as '12345'): the
 * value counted as kept; so does `varbit(n)` ('1010' in varbit(4) to bit(8)
 * is '10100000', read back as '1010'). `numeric` compares by value,
 * `varchar` and `varbit` exactly whatever their modifiers, so each value is
 * still judged by the old type's equality. `char(n)` and `bit(n)` keep
 * theirs: without one they mean n = 1.
 */
function readBackType(current: string): string {
  return current
    .replace(/^numeric\(\d+(?:,\d+)?\)/, 'numeric')
    .replace(/^character varying\(\d+\)/, 'character varying')
    .replace(/^bit varying\(\d+\)/, 'bit varying');
}

function isJson(type: string): boolean {
  return /^jsonb?$/i.test(type.trim());
}

/**
 * Text made `bytea` keeps a value when its bytes read in the database's
 * encoding give it back: cast back to text, a bytea is its escaped form
 * (`'\x6869'` for `'hi'`), which no stored text equals (a Buffer property
 * stored as text, the connector's default, moved to `dataType: 'bytea'`
 * counted every value as lost).
 */
function isBytea(type: string): boolean {
  return /^bytea$/i.test(type.trim());
}

function isText(type: string): boolean {
  return /^(text|character varying|character)\b/i.test(type.trim());
}
