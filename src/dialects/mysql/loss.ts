import {queryConnector} from '../../juggler';
import {
  count,
  countingChecksBy,
  type ColumnRef,
  type LossChecks,
} from '../../planner/loss/checks';
import {mysqlConversionLoss} from './conversion';
import {keyedStringLengthNote} from './keyed-string-length';
import {unlimitedSelect} from './statement-limit';
import {mysqlWidens} from './widening';

/** Data checks on MySQL and MariaDB. */
export const mysqlLossChecks: LossChecks = {
  ...countingChecksBy((connector, sql) =>
    count(connector, unlimitedSelect(sql)),
  ),

  async conversionLoss(connector, ref, type) {
    const current = await this.currentType(connector, ref);
    if (current && sameType(current, type)) return {values: 0, exact: true};
    return mysqlConversionLoss(connector, ref, type);
  },

  typeNote: keyedStringLengthNote,

  keepsValues: (current, next) =>
    sameType(current, next) || mysqlWidens(current, next),

  async computedColumn(connector, ref) {
    const rows = await queryConnector<{extra: string | null}>(
      connector,
      `SELECT EXTRA AS extra FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?`,
      [ref.tableName, ref.name],
    );
    return /\bVIRTUAL GENERATED\b/i.test(rows[0]?.extra ?? '');
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

/**
 * Whether a change keeps the column's type: compared without case and
 * integer display widths, but for ENUM and SET members, whose case is the
 * stored values' own (`'paid'` becomes `'Paid'` under `ENUM('Paid')`).
 */
function sameType(current: string, next: string): boolean {
  const norm = (t: string) =>
    lowerOutsideQuotes(t)
      .replace(
        /^(tinyint|smallint|mediumint|int|bigint)\(\d+\)/,
        (_m, base: string) =>
          base === 'tinyint' && /^tinyint\(1\)/i.test(t) ? 'tinyint(1)' : base,
      )
      .replace(/\s+/g, ' ')
      .trim();
  return norm(current) === norm(next);
}

/** `t` lower case but for its quoted literals. */
function lowerOutsideQuotes(t: string): string {
  return t.replace(/'(?:[^'\\]|\\.|'')*'|[^']+/g, part =>
    part.startsWith("'") ? part : part.toLowerCase(),
  );
}

export type {ColumnRef};
