import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';
import type {TypingConnector} from './type-modifiers';

/** Number column types, whose generated form is a serial type. */
const NUMBER_TYPE =
  /^(SMALLINT|INT[248]?|INTEGER|BIGINT|(?:SMALL|BIG)?SERIAL[248]?)\b/;

/**
 * Refuse, for a table the plan creates, a `generated: true` property that
 * loopback-connector-postgresql cannot generate: it makes an INTEGER one
 * SERIAL and gives a UUID one `DEFAULT uuid_generate_v4()`, and for any
 * other type calls `chalk.red` (absent from the chalk 5 it depends on), so
 * the CREATE TABLE threw "chalk.red is not a function" (stock: an uncaught
 * TypeError ends the process); with a working chalk it would only print a
 * warning and make a column without a default, which every insert without
 * an id fails on. An existing table is never given its id column again, so
 * it is left alone, as stock leaves it.
 */
export function checkPgGeneratedColumns(
  connector: JugglerConnector,
  model: string,
): void {
  const {columnDataType} = connector as TypingConnector;
  if (!columnDataType) return;
  const properties = connector._models?.[model]?.properties ?? {};
  for (const [property, definition] of Object.entries(properties)) {
    if (!(definition as {generated?: unknown}).generated) continue;
    const type = columnDataType.call(connector, model, property) ?? '';
    const own = (definition as {postgresql?: {dataType?: unknown}}).postgresql;
    if (type === 'INTEGER') continue;
    if (String(own?.dataType ?? '').toUpperCase() === 'UUID') continue;
    const numeric =
      NUMBER_TYPE.test(type) ||
      (definition as {type?: {name?: unknown}}).type?.name === 'Number';
    const fix = numeric
      ? "declare postgresql: {dataType: 'bigserial'} without generated: true (or " +
        "'serial' / 'smallserial'): the column then gets its sequence, and an insert " +
        'without an id gets the next number'
      : "declare postgresql: {dataType: 'uuid'} (the column is made UUID DEFAULT " +
        "uuid_generate_v4()), or generated: false with defaultFn: 'uuidv4' (the app " +
        'makes each id)';
    throw new InvalidModelError(
      `model ${model}: property ${property} is generated: true, but the postgresql ` +
        `connector generates only INTEGER (SERIAL) and UUID columns, and this one is ` +
        `${type}: creating the table fails in the connector ("chalk.red is not a ` +
        'function"), and a column made without a default would refuse every insert ' +
        `without an id. To fix it, ${fix}.`,
      model,
    );
  }
}
