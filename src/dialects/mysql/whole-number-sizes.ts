/** The integer types, whose precision is a display width only. */
const INTEGER_TYPE = /^(TINYINT|SMALLINT|MEDIUMINT|INT|INTEGER|BIGINT)$/;

/** The fixed-point types, `DECIMAL(10,0)` at their default size. */
export const FIXED_TYPE = /^(DECIMAL|NUMERIC|DEC|FIXED)$/;

/** The digits MySQL gives `INT` and `DECIMAL` at their default size (its `NUMERIC_PRECISION`). */
export const DEFAULT_WHOLE_DIGITS = 10;

/** What a whole-number column at its type's default size loses of the sizes declared for it. */
export type WholeNumberLoss = 'nothing' | 'digits' | 'fractions';

/**
 * What a number column the connector writes as `type` (upper case) at the
 * type's default size, a column of whole numbers, loses of the sizes
 * declared for it in `own` (its `mysql` object) and `prop`: `'fractions'`
 * (every value is rounded to a whole number) where a scale above 0 is
 * declared, or no scale at all for a type not `named` as an integer type;
 * else `'nothing'` for an integer type named (its precision is a display
 * width only); else, every scale declared being 0, `'digits'` (a longer
 * value is refused) where a precision is above the 10 digits of `INT` and
 * `DECIMAL(10,0)`, `'nothing'` where none is. `undefined` for a type not
 * of whole numbers (`FLOAT`, `DOUBLE`...).
 */
export function wholeNumberLoss(
  type: string,
  named: boolean,
  own: Readonly<Record<string, unknown>>,
  prop: Readonly<Record<string, unknown>>,
): WholeNumberLoss | undefined {
  const integer = INTEGER_TYPE.test(type);
  if (!integer && !FIXED_TYPE.test(type)) return undefined;
  const scales = declared([own.scale, own.dataScale, prop.scale]);
  if (scales.some(scale => scale !== 0)) return 'fractions';
  if (named && integer) return 'nothing';
  if (scales.length === 0) return 'fractions';
  const precisions = declared([
    own.precision,
    own.dataPrecision,
    prop.precision,
  ]);
  return precisions.some(precision => precision > DEFAULT_WHOLE_DIGITS)
    ? 'digits'
    : 'nothing';
}

/** The sizes among `values` that are declared (not `undefined` or `null`), as numbers. */
function declared(values: readonly unknown[]): number[] {
  return values
    .filter(value => value !== undefined && value !== null)
    .map(Number);
}
