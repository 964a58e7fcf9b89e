import type {JugglerConnector} from '../../juggler';
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
 * An id with a `defaultFn` is filled by juggler, and a table that exists
 * may have a default of its own: neither is named.
 */
export function ungeneratedIdWarnings(
  connector: JugglerConnector,
  model: string,
): string[] {
  const {columnDataType} = connector as TypingConnector;
  if (!columnDataType) return [];
  const properties = connector._models?.[model]?.properties ?? {};
  const warnings: string[] = [];
  for (const [property, value] of Object.entries(properties)) {
    const definition = (value ?? {}) as Record<string, unknown>;
    if (!definition.id || !definition.generated || definition.defaultFn)
      continue;
    const type = columnDataType.call(connector, model, property) ?? '';
    if (integerSign(type) !== undefined) continue;
    warnings.push(
      `model ${model}, property ${property}: generated: true on a ${type} column, which ` +
        'MySQL cannot generate (only an integer id gets AUTO_INCREMENT) and the connector ' +
        'makes without a default: every create without an id is refused ("Field \'' +
        `${property}' doesn't have a default value"). Declare generated: false with ` +
        "defaultFn: 'uuidv4' (the app makes each id), or a number id",
    );
  }
  return warnings;
}
