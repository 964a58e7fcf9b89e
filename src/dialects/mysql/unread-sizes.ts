/**
 * Sizes of a number column declared where loopback-connector-mysql never
 * reads them. With `mysql.dataType`, it sizes the column from
 * `mysql.dataPrecision` (and `mysql.dataScale` beside it) only; without
 * it, from the property's own `precision` and `scale`; `mysql.precision`
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
      ? SIZES.filter(
          key => own[key] !== undefined && prop[key] === undefined,
        ).map(key => `mysql.${key}`)
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
      `${writtenAs(dataType)}; declare mysql: {dataType, dataPrecision, dataScale} instead`,
  ];
}

const SIZES = ['precision', 'scale'] as const;

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
  return /^(DECIMAL|NUMERIC|DEC|FIXED)$/.test(type)
    ? `as ${type}, which MySQL makes DECIMAL(10,0): every value written to it is rounded ` +
        'to a whole number, with no error'
    : `as ${type}, of the type's default size`;
}
