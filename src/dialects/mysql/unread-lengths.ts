import {propertyTypeName} from '../property-type';

/**
 * A string property's `mysql.dataLength` declared without `mysql.dataType`,
 * which loopback-connector-mysql reads beside `mysql.dataType` only: it
 * sizes the column from the property's own `length` or `limit`, else a
 * `VARCHAR` of 255 (an id or an indexed property) or 512, a `CHAR` of 255,
 * and every run finds the column up to date. The column takes longer
 * values than the model means to store, in silence with stock.
 */
export function mysqlUnreadLength(
  model: string,
  property: string,
  prop: Readonly<Record<string, unknown>>,
): string[] {
  const own = (prop.mysql ?? {}) as Record<string, unknown>;
  const declared = own.dataLength;
  if (declared === undefined || own.dataType !== undefined) return [];
  if (propertyTypeName(prop) !== 'string') return [];
  const written = writtenType(prop);
  if (written === `${sqlType(prop)}(${String(declared)})`) return [];
  return [
    `model ${model}, property ${property}: mysql.dataLength is not read by the connector ` +
      `without mysql.dataType: it writes the column ${written}; declare mysql: {dataType: ` +
      `'${sqlType(prop).toLowerCase()}', dataLength: ${JSON.stringify(declared)}} instead`,
  ];
}

/** The type the connector writes for a string: the property's own `dataType`, else `VARCHAR`. */
function sqlType(prop: Readonly<Record<string, unknown>>): string {
  return typeof prop.dataType === 'string'
    ? prop.dataType.toUpperCase()
    : 'VARCHAR';
}

/** The column the connector writes for a string property without `mysql.dataType`. */
function writtenType(prop: Readonly<Record<string, unknown>>): string {
  const type = sqlType(prop);
  const length = prop.length ?? prop.limit;
  if (type === 'VARCHAR')
    return `VARCHAR(${String(length ?? (prop.id || prop.index ? 255 : 512))})`;
  if (type === 'CHAR') return `CHAR(${String(length ?? 255)})`;
  return type;
}
