import type {JugglerConnector} from '../../juggler';

/** The length loopback-connector-mysql gives a string id or indexed string. */
const KEYED_LENGTH = 255;

/** The length it gives any other string property. */
const PLAIN_LENGTH = 512;

/**
 * Why a column becomes `VARCHAR(255)`, when its property does not say so:
 * loopback-connector-mysql makes a string property `VARCHAR(512)`, but
 * `VARCHAR(255)` once it has `index` (or is an id) and names no `length`,
 * so adding `index: true` to a property shortens its column, which then
 * refuses (or cuts) the longer values it holds. `undefined` for any other
 * column or type.
 */
export function keyedStringLengthNote(
  connector: JugglerConnector,
  model: string,
  column: string,
  type: string,
): string | undefined {
  if (!/^varchar\(255\)/i.test(type.trim())) return undefined;
  const properties = connector._models?.[model]?.properties ?? {};
  const property = Object.keys(properties).find(
    name =>
      (connector.column?.(model, name) ?? name).toLowerCase() ===
      column.toLowerCase(),
  );
  if (property === undefined) return undefined;
  const definition = properties[property] as {
    type?: unknown;
    id?: unknown;
    index?: unknown;
    length?: unknown;
    limit?: unknown;
    mysql?: {dataType?: unknown};
  };
  const isString =
    definition.type === String ||
    String(definition.type).toLowerCase() === 'string';
  const unsized =
    !definition.length && !definition.limit && !definition.mysql?.dataType;
  if (!isString || !unsized || !(definition.index || definition.id)) {
    return undefined;
  }
  const why = definition.index ? 'has an index' : 'is an id';
  return (
    `the connector makes a string property that ${why} VARCHAR(${KEYED_LENGTH}), ` +
    `not VARCHAR(${PLAIN_LENGTH}), when it sets no length: give property ` +
    `${property} the length its values need (e.g. length: ${PLAIN_LENGTH})`
  );
}
