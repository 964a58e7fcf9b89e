import {queryConnector} from '../../juggler';
import {count, countingChecks, type ColumnRef, type LossChecks} from './checks';

/** Data checks on PostgreSQL. */
export const postgresqlLossChecks: LossChecks = {
  ...countingChecks,

  async conversionLoss(connector, ref, type) {
    // Convert every value the way the connector's USING clause does and
    // compare the text forms: truncation, rounding and overflow all show.
    try {
      const values = await count(
        connector,
        `SELECT COUNT(*) FROM ${ref.table} WHERE ${ref.column} IS NOT NULL
            AND ${ref.column}::text IS DISTINCT FROM (${ref.column}::${type})::text`,
      );
      return {values, exact: true};
    } catch {
      // Some value cannot be converted at all (the ALTER would fail). Count
      // the unconvertible ones where the target type has a checkable form.
      const unconvertible = unconvertiblePredicate(ref.column, type);
      if (!unconvertible) {
        return {values: await this.countValues(connector, ref), exact: false};
      }
      const values = await count(
        connector,
        `SELECT COUNT(*) FROM ${ref.table} WHERE ${ref.column} IS NOT NULL AND (${unconvertible})`,
      );
      return {values, exact: true};
    }
  },

  async currentType(connector, ref) {
    const rows = await queryConnector<{type: string}>(
      connector,
      `SELECT data_type AS "type" FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = $2 AND column_name = $3`,
      [ref.schema, ref.tableName, ref.name],
    );
    return rows[0]?.type;
  },
};

const INTEGER_RANGES: Readonly<Record<string, readonly [string, string]>> = {
  smallint: ['-32768', '32767'],
  integer: ['-2147483648', '2147483647'],
  int: ['-2147483648', '2147483647'],
  bigint: ['-9223372036854775808', '9223372036854775807'],
};

/**
 * An SQL condition, true for a value that cannot be converted to `type`, for
 * the types whose text form can be checked; `undefined` for the others.
 */
export function unconvertiblePredicate(
  column: string,
  type: string,
): string | undefined {
  const text = `${column}::text`;
  const t = type.trim().toLowerCase();
  const range = INTEGER_RANGES[t];
  if (range) {
    return (
      `CASE WHEN ${text} ~ '^\\s*[+-]?[0-9]+\\s*$' ` +
      `THEN (${text})::numeric NOT BETWEEN ${range[0]} AND ${range[1]} ELSE TRUE END`
    );
  }
  if (/^(numeric|decimal|real|double precision|float)/.test(t)) {
    return `${text} !~ '^\\s*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\\s*$'`;
  }
  if (t === 'boolean') {
    return `lower(btrim(${text})) NOT IN ('t','f','true','false','yes','no','on','off','1','0','y','n')`;
  }
  return undefined;
}

export type {ColumnRef};
