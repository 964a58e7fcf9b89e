import {InvalidModelError} from '../../errors';

/**
 * Refuse a property whose `mysql.dataType` is `enum` without values in
 * `jsonSchema.enum`, where the connector reads them: `lb4 discover` writes
 * an ENUM column so, without its values, and the connector then writes
 * `ENUM()`, which MySQL cannot parse, both to create the column and to
 * compare it with the one a table has.
 */
export function checkEnumValues(
  model: string,
  properties: Readonly<Record<string, unknown>>,
): void {
  for (const [property, definition] of Object.entries(properties)) {
    const {mysql, jsonSchema} = (definition ?? {}) as {
      mysql?: {dataType?: unknown};
      jsonSchema?: {enum?: unknown};
    };
    if (String(mysql?.dataType ?? '').toLowerCase() !== 'enum') continue;
    const values = jsonSchema?.enum;
    if (Array.isArray(values) && values.length > 0) continue;
    throw new InvalidModelError(
      `model ${model}: property ${property} has mysql.dataType 'enum' but no ` +
        'values in jsonSchema.enum, where the connector reads them (lb4 discover ' +
        "leaves them out): it would write ENUM(), which MySQL cannot parse. List the column's " +
        "values: jsonSchema: {enum: ['a', 'b']}.",
      model,
    );
  }
}
