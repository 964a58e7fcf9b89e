import {queryConnector} from '../../juggler';
import {count, countingChecks, type ColumnRef, type LossChecks} from './checks';

const INTEGER_RANGES: Readonly<
  Record<string, readonly [string, string, string]>
> = {
  // type: [signed min, signed max, unsigned max]
  tinyint: ['-128', '127', '255'],
  smallint: ['-32768', '32767', '65535'],
  mediumint: ['-8388608', '8388607', '16777215'],
  int: ['-2147483648', '2147483647', '4294967295'],
  integer: ['-2147483648', '2147483647', '4294967295'],
  bigint: [
    '-9223372036854775808',
    '9223372036854775807',
    '18446744073709551615',
  ],
};

const TEXT_BYTES: Readonly<Record<string, number>> = {
  tinytext: 255,
  text: 65535,
  mediumtext: 16777215,
};

const NUMBER =
  "'^[[:space:]]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[[:space:]]*$'";
const WHOLE_NUMBER = "'^[[:space:]]*[+-]?[0-9]+([.]0*)?[[:space:]]*$'";

/** Data checks on MySQL and MariaDB. */
export const mysqlLossChecks: LossChecks = {
  ...countingChecks,

  async conversionLoss(connector, ref, type) {
    const current = await this.currentType(connector, ref);
    if (current && sameType(current, type)) return {values: 0, exact: true};
    const changed = changedPredicate(ref.column, type);
    if (!changed) {
      // A conversion we cannot judge: count every value as at risk.
      return {values: await this.countValues(connector, ref), exact: false};
    }
    const values = await count(
      connector,
      `SELECT COUNT(*) FROM ${ref.table} WHERE ${ref.column} IS NOT NULL AND (${changed})`,
    );
    return {values, exact: true};
  },

  async currentType(connector, ref) {
    const rows = await queryConnector<{type: string}>(
      connector,
      `SELECT COLUMN_TYPE AS type FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?`,
      [ref.tableName, ref.name],
    );
    return rows[0]?.type;
  },
};

function sameType(current: string, next: string): boolean {
  const norm = (t: string) =>
    t
      .toLowerCase()
      .replace(
        /^(tinyint|smallint|mediumint|int|bigint)\(\d+\)/,
        (_m, base: string) =>
          base === 'tinyint' && /^tinyint\(1\)/i.test(t) ? 'tinyint(1)' : base,
      )
      .replace(/\s+/g, ' ')
      .trim();
  return norm(current) === norm(next);
}

/**
 * An SQL condition, true for a stored value that converting to `type` would
 * lose or alter; `undefined` for conversions this cannot judge.
 */
export function changedPredicate(
  column: string,
  type: string,
): string | undefined {
  const t = type.trim().toLowerCase();
  const asText = `CAST(${column} AS CHAR)`;
  let m =
    /^(tinyint|smallint|mediumint|int|integer|bigint)(\(\d+\))?(\s+unsigned)?/.exec(
      t,
    );
  if (m) {
    const [min, max, umax] = INTEGER_RANGES[m[1]];
    const [lo, hi] = m[3] ? ['0', umax] : [min, max];
    return (
      `${asText} NOT REGEXP ${WHOLE_NUMBER} OR ` +
      `CAST(${column} AS DECIMAL(65,0)) NOT BETWEEN ${lo} AND ${hi}`
    );
  }
  m = /^(decimal|numeric)\((\d+)(?:,\s*(\d+))?\)/.exec(t);
  if (m) {
    const precision = m[2];
    const scale = m[3] ?? '0';
    return (
      `${asText} NOT REGEXP ${NUMBER} OR ` +
      `CAST(${column} AS DECIMAL(${precision},${scale})) <> CAST(${column} AS DECIMAL(65,30))`
    );
  }
  if (/^(float|double|real)/.test(t)) return `${asText} NOT REGEXP ${NUMBER}`;
  m = /^(?:var)?char\((\d+)\)/.exec(t);
  if (m) return `CHAR_LENGTH(${column}) > ${m[1]}`;
  if (t in TEXT_BYTES) return `LENGTH(${column}) > ${TEXT_BYTES[t]}`;
  if (t === 'longtext') return 'FALSE';
  m = /^(date|datetime|timestamp)(?:\((\d)\))?/.exec(t);
  if (m) {
    const target = m[1] === 'date' ? 'DATE' : `DATETIME(${m[2] ?? 0})`;
    return (
      `CAST(${column} AS DATETIME(6)) IS NULL OR ` +
      `CAST(CAST(${column} AS ${target}) AS DATETIME(6)) <> CAST(${column} AS DATETIME(6))`
    );
  }
  return undefined;
}

export type {ColumnRef};
