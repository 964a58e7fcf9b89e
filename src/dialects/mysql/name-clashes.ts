import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';
import {modelNames} from '../model-names';

/**
 * Refuse a model two of whose `settings.indexes` have names that differ
 * only in case: MySQL and MariaDB compare index names without case, and
 * refuse the second (`Duplicate key name`) only at its statement, after the
 * statements before it were committed. (Two columns: `refuseSharedColumns`.)
 */
export function checkMysqlIndexNameClashes(
  connector: JugglerConnector,
  model: string,
): void {
  const seen = new Map<string, string>();
  for (const {what, name, fix} of modelNames(connector, model, 'mysql', '')) {
    if (what !== 'index') continue;
    const first = seen.get(name.toLowerCase());
    if (first === undefined) {
      seen.set(name.toLowerCase(), name);
      continue;
    }
    throw new InvalidModelError(
      `model ${model}: the index is named "${name}", which MySQL and MariaDB ` +
        `take for the index "${first}" (they compare index names without case); ` +
        `the run would fail there. Give it another name: ${fix}.`,
      model,
    );
  }
}
