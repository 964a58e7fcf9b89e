import {InvalidModelError} from '../../errors';

/**
 * The `postgresql.dataType`s that `lb4 discover` writes where the
 * catalog's `information_schema.columns.data_type` names a kind of type
 * rather than a type, each with why the connector cannot use it and the
 * fix.
 */
const UNNAMED_TYPES: Readonly<Record<string, string>> = {
  ARRAY:
    '(as lb4 discover writes an array column), which names no element ' +
    'type: PostgreSQL cannot make or compare such a column. Write the ' +
    "column's type with its element type, e.g. dataType: 'text[]' or " +
    "'integer[]'.",
  'USER-DEFINED':
    '(as lb4 discover writes a column of an enum or another type the ' +
    'database defines), which names no type: PostgreSQL cannot make such a ' +
    'column (on a database without the table, its CREATE TABLE fails), and ' +
    "a column of any such type passes for it. Write the type's name, e.g. " +
    "dataType: 'order_status' (with its schema, 'sales.order_status', for " +
    'a type outside the search_path).',
};

/**
 * Refuse a property whose `postgresql.dataType` is `ARRAY` or
 * `USER-DEFINED`, as `lb4 discover` writes them: the connector writes the
 * word as the column's type, which PostgreSQL cannot parse.
 */
export function checkUnnamedTypes(
  model: string,
  properties: Readonly<Record<string, unknown>>,
): void {
  for (const [property, definition] of Object.entries(properties)) {
    const settings = (definition as {postgresql?: {dataType?: unknown}})
      ?.postgresql;
    const dataType = String(settings?.dataType ?? '').toUpperCase();
    if (!Object.hasOwn(UNNAMED_TYPES, dataType)) continue;
    throw new InvalidModelError(
      `model ${model}: property ${property} has postgresql.dataType ` +
        `'${dataType}' ${UNNAMED_TYPES[dataType]}`,
      model,
    );
  }
}
