import {propertyTypeName} from '../property-type';

/** A number property's own keys loopback-connector-postgresql never reads. */
const UNREAD = ['dataType', 'precision', 'scale'] as const;

/**
 * A number property's own `dataType`, `precision` and `scale` (the
 * property-level sizes loopback-connector-mysql reads, and LoopBack's
 * docs show): loopback-connector-postgresql reads a column's type and
 * size from the `postgresql` object only, so without
 * `postgresql.dataType` the column is made INTEGER, and every value with a
 * fraction is refused at insert ("invalid input syntax for type
 * integer"), with no word at migration.
 */
export function pgUnreadSizes(
  model: string,
  property: string,
  prop: Readonly<Record<string, unknown>>,
): string[] {
  if (propertyTypeName(prop) !== 'number') return [];
  const own = prop.postgresql as Record<string, unknown> | undefined;
  if (own?.dataType !== undefined) return ownUnreadSizes(model, property, own);
  const unread = UNREAD.filter(key => prop[key] !== undefined);
  if (unread.length === 0) return [];
  const sizes =
    prop.precision === undefined
      ? ''
      : `, dataPrecision: ${String(prop.precision)}, dataScale: ${String(prop.scale ?? 0)}`;
  return [
    `model ${model}, property ${property}: ${unread.join(', ')} ` +
      `${unread.length === 1 ? 'is' : 'are'} not read by the connector, which writes the ` +
      'column INTEGER: a value with a fraction is refused at insert ("invalid input ' +
      `syntax for type integer"); declare postgresql: {dataType: 'numeric'${sizes}} instead`,
  ];
}

/** The `postgresql` object's own keys of a size the connector never reads. */
const OWN_UNREAD = ['precision', 'scale'] as const;

/**
 * `postgresql.precision` and `postgresql.scale` beside `postgresql.dataType`
 * (as `mysql.precision` reads in the MySQL connector's README): the connector
 * sizes the column from `dataPrecision` and `dataScale` only, so it is made
 * unsized, and values are stored as given, neither rounded to the scale nor
 * limited to the precision declared.
 */
function ownUnreadSizes(
  model: string,
  property: string,
  own: Readonly<Record<string, unknown>>,
): string[] {
  const unread = OWN_UNREAD.filter(key => own[key] !== undefined);
  if (unread.length === 0 || own.dataPrecision !== undefined) return [];
  const type = String(own.dataType);
  const sizes =
    own.precision === undefined
      ? ''
      : `, dataPrecision: ${String(own.precision)}, dataScale: ${String(own.scale ?? 0)}`;
  return [
    `model ${model}, property ${property}: ${unread.map(key => `postgresql.${key}`).join(', ')} ` +
      `${unread.length === 1 ? 'is' : 'are'} not read by the connector, which writes the column ` +
      `${type.toUpperCase()} unsized: values are stored as given, not rounded or limited to the ` +
      `size declared; declare postgresql: {dataType: '${type}'${sizes}} instead`,
  ];
}
