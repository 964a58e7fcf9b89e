import {canonicalMysqlType, integerSign} from './types';

/**
 * A stored value (`expression`) as a column of `type` will hold it, for
 * comparing values with each other after a type change: `'1'` and `'01'`
 * are two strings and one `INT`, so a unique index over the converted
 * column refuses them (`Duplicate entry`). A `CAST` to the type where
 * MySQL and MariaDB have one (integers, `DECIMAL(p,s)`, `FLOAT` and
 * `DOUBLE` as `DOUBLE`, dates and times); other types (strings, `TEXT`,
 * `JSON`, `ENUM`) compare as they are stored, which MySQL converts
 * implicitly where it compares them with a key.
 */
export function mysqlAsConverted(expression: string, type: string): string {
  const integer = integerSign(type);
  if (integer) {
    return `CAST(${expression} AS ${integer.unsigned ? 'UNSIGNED' : 'SIGNED'})`;
  }
  const canonical = canonicalMysqlType(type);
  const decimal = /^decimal\((\d+),(\d+)\)/.exec(canonical);
  if (decimal) {
    return `CAST(${expression} AS DECIMAL(${decimal[1]},${decimal[2]}))`;
  }
  if (/^(float|double)\b/.test(canonical)) {
    return `CAST(${expression} AS DOUBLE)`;
  }
  const time = /^(date|datetime|timestamp|time)(\(\d\))?(?:$|\s)/.exec(
    canonical,
  );
  if (time) {
    const target = time[1] === 'timestamp' ? 'datetime' : time[1];
    return `CAST(${expression} AS ${target.toUpperCase()}${time[2] ?? ''})`;
  }
  return expression;
}
