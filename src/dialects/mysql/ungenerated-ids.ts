import type {JugglerConnector} from '../../juggler';
import {describeTable, type ColumnType, type TableRef} from '../dialect';
import {integerSign} from './types';

/** The connector's column type of a property (`VARCHAR(255)`). */
interface TypingConnector extends JugglerConnector {
  columnDataType?(model: string, property: string): string | null;
}

/**
 * A warning for a table the plan creates whose `generated: true` id MySQL
 * cannot generate: only an integer id gets `AUTO_INCREMENT`, and the
 * connector gives any other (the string id `lb4 model` writes when asked
 * "Is id generated automatically?") no default, so juggler sends no id
 * and every create is refused ("Field 'id' doesn't have a default value").
 * An id with a `defaultFn` is filled by juggler: it is not named; a table
 * that exists is named where its column has no default of its own (see
 * {@link existingIdWarning}).
 */
export function ungeneratedIdWarnings(
  connector: JugglerConnector,
  model: string,
): string[] {
  return ungeneratedIds(connector, model).map(
    ({property, type}) =>
      `model ${model}, property ${property}: generated: true on a ${type} column, which ` +
      'MySQL cannot generate (only an integer id gets AUTO_INCREMENT) and the connector ' +
      'makes without a default: every create without an id is refused ("Field \'' +
      `${property}' doesn't have a default value"). Declare generated: false with ` +
      "defaultFn: 'uuidv4' (the app makes each id), or a number id",
  );
}

/**
 * `Dialect.existingIdWarning` of MySQL: the same for a table that exists,
 * whose id column has neither a default nor AUTO_INCREMENT (stock, or an
 * earlier run, made it so).
 */
export function existingIdWarning(
  connector: JugglerConnector,
  model: string,
  property: string,
  table: TableRef,
  column: ColumnType,
): string | undefined {
  if (!ungeneratedIds(connector, model).some(id => id.property === property))
    return undefined;
  return (
    `model ${model}, property ${property}: generated: true on a ${column.type.toUpperCase()} ` +
    'column, which MySQL cannot generate (only an integer id gets AUTO_INCREMENT), and ' +
    `column "${column.column}" of table ${describeTable(table)} has no default: every ` +
    `create without an id is refused ("Field '${column.column}' doesn't have a default ` +
    "value\"). Declare generated: false with defaultFn: 'uuidv4' (the app makes each id), " +
    'or give the column a default in a migration script with runs = ' +
    "'before-schema' (DEFAULT (uuid()) for a string id)"
  );
}

/**
 * The `generated: true` ids of a model, without a `defaultFn`, whose
 * column type (the connector's) is not an integer.
 */
function ungeneratedIds(
  connector: JugglerConnector,
  model: string,
): {readonly property: string; readonly type: string}[] {
  const {columnDataType} = connector as TypingConnector;
  if (!columnDataType) return [];
  const properties = connector._models?.[model]?.properties ?? {};
  return Object.entries(properties).flatMap(([property, value]) => {
    const definition = (value ?? {}) as Record<string, unknown>;
    if (!definition.id || !definition.generated || definition.defaultFn)
      return [];
    const type = columnDataType.call(connector, model, property) ?? '';
    return integerSign(type) === undefined ? [{property, type}] : [];
  });
}
