import {propertyTypeName} from '../property-type';
import {
  DEFAULT_WHOLE_DIGITS,
  FIXED_TYPE,
  wholeNumberLoss,
  type WholeNumberLoss,
} from './whole-number-sizes';

/**
 * Sizes of a number column declared where loopback-connector-mysql never
 * reads them. With `mysql.dataType`, it sizes the column from
 * `mysql.dataPrecision` (and `mysql.dataScale` beside it) only; without
 * it, from the property's own `precision` and `scale` where the
 * property's own `dataType` is `DECIMAL`, `FLOAT` or the like (else the
 * column is `INT`, or that type, unsized); `mysql.precision`
 * and `mysql.scale` (the connector's own README example) are read by
 * neither. The column gets the type's default size: a `DECIMAL` is
 * `DECIMAL(10,0)`, and every value written to it is rounded to a whole
 * number, with no error. Nothing is said where that loses nothing declared
 * (see `wholeNumberLoss`): an integer type named, or a scale of 0 with no
 * precision above 10 digits.
 */
export function mysqlUnreadSizes(
  model: string,
  property: string,
  prop: Readonly<Record<string, unknown>>,
): string[] {
  const own = (prop.mysql ?? {}) as Record<string, unknown>;
  const dataType = own.dataType;
  const unread =
    dataType === undefined
      ? unreadWithoutDataType(own, prop)
      : sizedElsewise(dataType, own, prop)
        ? []
        : [
            ...SIZES.filter(key => own[key] !== undefined).map(
              key => `mysql.${key}`,
            ),
            ...SIZES.filter(key => prop[key] !== undefined),
            ...(own.dataScale !== undefined ? ['mysql.dataScale'] : []),
          ];
  if (unread.length === 0) return [];
  const type = dataType ?? unsizedNumberType(prop);
  const column = type === undefined ? undefined : String(type).toUpperCase();
  const named = dataType !== undefined || typeof prop.dataType === 'string';
  const loss =
    column === undefined
      ? undefined
      : wholeNumberLoss(column, named, own, prop);
  if (loss === 'nothing') return [];
  return [
    `model ${model}, property ${property}: ${unread.join(', ')} ` +
      `${unread.length === 1 ? 'is' : 'are'} not read by the connector, which writes the column ` +
      `${writtenAs(column, loss)}; declare mysql: {dataType, dataPrecision, dataScale} instead`,
  ];
}

const SIZES = ['precision', 'scale'] as const;

/** The types whose size the connector takes from `precision` and `scale`. */
const SIZED_TYPE = /^(DECIMAL|NUMERIC|FLOAT|DOUBLE)$/i;

/** The sizes the connector reads from the `mysql` object beside `mysql.dataType` only. */
const DATA_SIZES = ['dataPrecision', 'dataScale'] as const;

/**
 * The sizes unread without `mysql.dataType`: `mysql.precision` and
 * `mysql.scale`, and a number property's own `precision` and `scale`
 * unless its own `dataType` (read in that case) is one they size
 * (`DECIMAL`, `FLOAT`...), and its `mysql.dataPrecision` and
 * `mysql.dataScale` (read beside `mysql.dataType` only): a number without
 * one is made `INT`, and every value written to it is rounded to a whole
 * number, with no error.
 */
function unreadWithoutDataType(
  own: Readonly<Record<string, unknown>>,
  prop: Readonly<Record<string, unknown>>,
): string[] {
  const unread = SIZES.filter(
    key => own[key] !== undefined && prop[key] === undefined,
  ).map(key => `mysql.${key}`);
  if (unsizedNumberType(prop) === undefined) return unread;
  return [
    ...unread,
    ...SIZES.filter(key => prop[key] !== undefined),
    ...DATA_SIZES.filter(key => own[key] !== undefined).map(
      key => `mysql.${key}`,
    ),
  ];
}

/**
 * The type of the column the connector makes, without `mysql.dataType`,
 * for a number property whose `precision` and `scale` it does not read:
 * `INT`, or the property's own `dataType` where that is not one they size;
 * `undefined` for any other property.
 */
function unsizedNumberType(
  prop: Readonly<Record<string, unknown>>,
): string | undefined {
  if (propertyTypeName(prop) !== 'number') return undefined;
  const own = prop.dataType;
  if (typeof own !== 'string') return 'INT';
  return SIZED_TYPE.test(own) ? undefined : own.toUpperCase();
}

/**
 * Whether a column of `mysql.dataType` gets a size the connector reads: one
 * written in the type (`decimal(12,2)`), `mysql.dataPrecision`, or a length
 * (`mysql.dataLength`, the property's `length` or `limit`).
 */
function sizedElsewise(
  dataType: unknown,
  own: Readonly<Record<string, unknown>>,
  prop: Readonly<Record<string, unknown>>,
): boolean {
  return (
    String(dataType).includes('(') ||
    [own.dataPrecision, own.dataLength, prop.length, prop.limit].some(
      size => size !== undefined,
    )
  );
}

/**
 * What the connector writes for a column of `type` (upper case) without the
 * sizes it does not read, and what that `loss`es of them.
 */
function writtenAs(
  type: string | undefined,
  loss: Exclude<WholeNumberLoss, 'nothing'> | undefined,
): string {
  if (type === undefined) return 'with the default size of the property type';
  const made = FIXED_TYPE.test(type)
    ? `as ${type}, which MySQL makes DECIMAL(${DEFAULT_WHOLE_DIGITS},0)`
    : `as ${type}`;
  if (loss === 'fractions')
    return `${made}: every value written to it is rounded to a whole number, with no error`;
  if (loss === 'digits')
    return type === 'INT'
      ? `${made}, of whole numbers up to 2147483647 (4294967295 unsigned): a larger value is ` +
          'refused ("Out of range value")'
      : `${made}, of ${DEFAULT_WHOLE_DIGITS} digits at most: a longer value is refused ` +
          '("Out of range value")';
  return `${made}, of the type's default size`;
}
