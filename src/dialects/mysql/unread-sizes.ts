import {propertyTypeName} from '../property-type';

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
 * number, with no error.
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
  return [
    `model ${model}, property ${property}: ${unread.join(', ')} ` +
      `${unread.length === 1 ? 'is' : 'are'} not read by the connector, which writes the column ` +
      `${writtenAs(dataType ?? unsizedNumberType(prop))}; declare mysql: {dataType, dataPrecision, ` +
      'dataScale} instead',
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

/** What the connector writes for a column without the sizes it does not read. */
function writtenAs(dataType: unknown): string {
  if (dataType === undefined)
    return 'with the default size of the property type';
  const type = String(dataType).toUpperCase();
  if (type === 'INT')
    return (
      'as INT: every value written to it is rounded to a whole number, with ' +
      'no error'
    );
  return /^(DECIMAL|NUMERIC|DEC|FIXED)$/.test(type)
    ? `as ${type}, which MySQL makes DECIMAL(10,0): every value written to it is rounded ` +
        'to a whole number, with no error'
    : `as ${type}, of the type's default size`;
}
