import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';

/**
 * `CREATE [UNIQUE] INDEX ... USING <method> ( <keys>)` for an access
 * method other than btree, the one built-in method whose keys take a
 * direction.
 */
const UNORDERED_INDEX =
  /^(CREATE\s+(?:UNIQUE\s+)?INDEX\s[\s\S]*?\sUSING\s+(?!btree\b)\w+\s*\()([\s\S]*)\)$/i;

/** A quoted key followed by `ASC`, at the end of its key. */
const ASCENDING_KEY = /("(?:[^"]|"")*")\s+ASC(?=\s*(?:,|$))/gi;

/**
 * The connector writes `settings.indexes` keys in LoopBack's form
 * (`keys: {tags: 1}`) with a direction, `USING gin ( "tags" ASC)`, which
 * PostgreSQL refuses for every method but btree ("access method "gin"
 * does not support ASC/DESC options"): `ASC`, the order such an index
 * would have anyway, is left out there. A `DESC` is refused before
 * (see {@link checkUnorderedIndexDirections}).
 */
export function withoutAscendingOfUnorderedIndex(statement: string): string {
  const index = UNORDERED_INDEX.exec(statement);
  if (!index) return statement;
  return `${index[1]}${index[2].replace(ASCENDING_KEY, '$1')})`;
}

/**
 * Refuse an index of `settings.indexes` made with an access method other
 * than btree (`type: 'gin'`) whose keys declare a descending order
 * (`keys: {tags: -1}`): the connector writes `DESC`, which PostgreSQL
 * refuses there ("access method "gin" does not support ASC/DESC options"),
 * so the index could never be made.
 */
export function checkUnorderedIndexDirections(
  connector: JugglerConnector,
  model: string,
): void {
  const settings = connector._models?.[model]?.settings as
    {indexes?: Record<string, unknown>} | undefined;
  for (const [name, index] of Object.entries(settings?.indexes ?? {})) {
    const {type, keys} = (index ?? {}) as {type?: unknown; keys?: unknown};
    if (typeof type !== 'string' || /^btree$/i.test(type)) continue;
    if (!keys || typeof keys !== 'object' || Array.isArray(keys)) continue;
    for (const [key, direction] of Object.entries(keys)) {
      if (direction !== -1 && !/^desc$/i.test(String(direction))) continue;
      throw new InvalidModelError(
        `model ${model}: index ${name} is a ${type} index, whose keys have no order, ` +
          `but its key ${key} is declared descending (${JSON.stringify(direction)}): ` +
          `PostgreSQL refuses it ("access method "${type}" does not support ASC/DESC ` +
          `options"), so the index can never be made. Declare the key {${key}: 1}.`,
        model,
      );
    }
  }
}
