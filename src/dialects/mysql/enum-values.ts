import {InvalidModelError} from '../../errors';
import {checkEnumMemberCharacters} from './enum-member-characters';

/**
 * Refuse a property whose `mysql.dataType` is `set` without its members (as
 * `lb4 discover` writes a SET column), and one whose `mysql.dataType` is
 * `enum` without values in
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
    const dataType = String(mysql?.dataType ?? '').toLowerCase();
    if (dataType === 'set') throw setWithoutMembers(model, property);
    if (dataType !== 'enum') continue;
    const values = jsonSchema?.enum;
    if (Array.isArray(values) && values.length > 0) {
      checkEnumMemberCharacters(model, property, values);
      continue;
    }
    throw new InvalidModelError(
      `model ${model}: property ${property} has mysql.dataType 'enum' but no ` +
        'values in jsonSchema.enum, where the connector reads them (lb4 discover ' +
        "leaves them out): it would write ENUM(), which MySQL cannot parse. List the column's " +
        "values: jsonSchema: {enum: ['a', 'b']}.",
      model,
    );
  }
}

/**
 * `mysql.dataType: 'set'`: the connector writes `SET(<dataLength>)` (or
 * `SET(512)`), which MySQL cannot parse; it reads a SET's members only from
 * the `dataType` itself, and writes them in upper case.
 */
function setWithoutMembers(model: string, property: string): InvalidModelError {
  return new InvalidModelError(
    `model ${model}: property ${property} has mysql.dataType 'set' without its members ` +
      '(lb4 discover leaves them out): the connector would write SET(<dataLength>), which MySQL ' +
      "cannot parse. List the column's members in the dataType, without dataLength or length: " +
      `mysql: {dataType: "set('A','B')"}. The connector writes them in upper case: a column ` +
      'whose members are not would change, with its stored values.',
    model,
  );
}
