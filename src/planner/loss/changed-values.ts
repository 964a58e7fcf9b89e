import {cut, describeRows, formatValue, keyRowOf} from '../will-fail/data';

/** Whether each side of a type change is a number type: its values are shown bare. */
export interface NumberSides {
  readonly before: boolean;
  readonly after: boolean;
}

/**
 * `id 3: '007' → 7, id 9: 1.55 → 1.6`: the rows a type change alters, by
 * their primary key (`key`, read from each row's `k0`, `k1`, ...), each
 * with its value before (`old_value`) and after (`new_value`); without a
 * key, the values only (`'007' → 7`). Text is quoted and cut as
 * {@link formatValue} does; a number type's value is shown bare, also
 * where the driver reads it as text (`NUMERIC`, `DECIMAL`, `BIGINT`).
 */
export function describeChangedValues(
  key: readonly string[],
  rows: ReadonlyArray<Record<string, unknown>>,
  numbers: NumberSides,
): string {
  return rows
    .map(row => {
      const values = `${shown(row.old_value, numbers.before)} → ${shown(row.new_value, numbers.after)}`;
      if (key.length === 0) return values;
      return `${describeRows(key, [keyRowOf(key, row)])}: ${values}`;
    })
    .join(', ');
}

function shown(value: unknown, number: boolean): string {
  if (value === null || value === undefined) return 'NULL';
  if (number && typeof value === 'string') return cut(value);
  return formatValue(value);
}
