import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';

/** The connector's column type of a property (`TEXT(40)`). */
export interface TypingConnector extends JugglerConnector {
  columnDataType?(model: string, property: string): string | null;
}

/**
 * Built-in types PostgreSQL takes no modifier for ("type modifier is not
 * allowed for type"). The integer and floating-point types are not here:
 * `normalize()` drops the precision lb4 discover writes for them.
 */
const NO_MODIFIER =
  /^(TEXT|BOOLEAN|BOOL|DATE|JSONB?|UUID|BYTEA|MONEY|INET|CIDR|MACADDR8?|XML|TSVECTOR|TSQUERY|(?:SMALL|BIG)?SERIAL[248]?)\s*\(/i;

/**
 * Refuse a property the connector would write with a length or precision
 * its type cannot take: `{type: 'string', length: 40, postgresql:
 * {dataType: 'text'}}` is written `TEXT(40)` (the connector adds
 * `length`, `dataLength` or `dataPrecision` to any `dataType`), which
 * PostgreSQL refuses both to create the column and to change it to. The
 * plan said it would apply, and the run failed.
 */
export function checkPgTypeModifiers(
  connector: JugglerConnector,
  model: string,
): void {
  const {columnDataType} = connector as TypingConnector;
  if (!columnDataType) return;
  const properties = connector._models?.[model]?.properties ?? {};
  for (const property of Object.keys(properties)) {
    const type = columnDataType.call(connector, model, property) ?? '';
    const base = NO_MODIFIER.exec(type)?.[1];
    if (!base) continue;
    throw new InvalidModelError(
      `model ${model}: property ${property} would be written ${type}, but ` +
        `PostgreSQL takes no length or precision for ${base.toUpperCase()} ` +
        '("type modifier is not allowed"): its column can be neither made ' +
        "nor changed. Remove the length (the property's length, or " +
        'postgresql.dataLength / dataPrecision), or name a type that takes ' +
        "one, e.g. postgresql: {dataType: 'varchar'} for a limited length.",
      model,
    );
  }
}
