import {InvalidModelError} from '../../errors';

/**
 * Refuse a property whose `postgresql.dataType` is `ARRAY`, as
 * `lb4 discover` writes it for an array column (the catalog's
 * `information_schema.columns.data_type`): it names no element type, so
 * the connector writes `ARRAY`, which PostgreSQL cannot parse, both to
 * create the column and to compare it with the one a table has.
 */
export function checkArrayTypes(
  model: string,
  properties: Readonly<Record<string, unknown>>,
): void {
  for (const [property, definition] of Object.entries(properties)) {
    const settings = (definition as {postgresql?: {dataType?: unknown}})
      ?.postgresql;
    if (String(settings?.dataType ?? '').toUpperCase() !== 'ARRAY') continue;
    throw new InvalidModelError(
      `model ${model}: property ${property} has postgresql.dataType 'ARRAY' ` +
        '(as lb4 discover writes an array column), which names no element ' +
        "type: PostgreSQL cannot make or compare such a column. Write the column's " +
        "type with its element type, e.g. dataType: 'text[]' or 'integer[]'.",
      model,
    );
  }
}
