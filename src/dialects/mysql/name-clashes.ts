import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';
import {modelNames} from '../model-names';

/**
 * Refuse a model two of whose `settings.indexes` have names that differ
 * only in case: MySQL and MariaDB compare index names without case, and
 * refuse the second (`Duplicate key name`) only at its statement, after the
 * statements before it were committed. (Two columns: `refuseSharedColumns`.)
 * A `settings.indexes` key that names a property is refused too: see
 * {@link checkIndexNamedLikeProperty}.
 */
export function checkMysqlIndexNameClashes(
  connector: JugglerConnector,
  model: string,
): void {
  const seen = new Map<string, string>();
  for (const {what, name, fix} of modelNames(connector, model, 'mysql', '')) {
    if (what !== 'index') continue;
    checkIndexNamedLikeProperty(connector, model, name);
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

/**
 * Refuse a `settings.indexes` key that is the name of a property (or, any
 * case, of the index a property's `index` makes, named after its column in
 * a new table and after the property in an existing one). The connector
 * takes an existing index of that name for the property's: when the
 * property has no `index` it drops it on every run that finds it and makes
 * it again on the next (`email: {keys: {email: 1}, options: {unique:
 * true}}` was missing every other run), unless the property is an id,
 * whose namesake it leaves alone; when it has one, the two indexes take
 * one name and the run fails at its statement (`Duplicate key name`).
 */
function checkIndexNamedLikeProperty(
  connector: JugglerConnector,
  model: string,
  index: string,
): void {
  const properties = connector._models?.[model]?.properties ?? {};
  for (const [property, definition] of Object.entries(properties)) {
    const {index: own, id} = definition as {index?: unknown; id?: unknown};
    const indexed = Boolean(own);
    // The connector leaves an index named like an id property alone.
    if (!indexed && id) continue;
    const names = indexed
      ? [property, connector.column?.(model, property) ?? property]
      : [property];
    const clash = indexed
      ? names.some(name => name.toLowerCase() === index.toLowerCase())
      : index === property;
    if (!clash) continue;
    const effect = indexed
      ? `which is the name of the index property ${property} declares (its index: ...): ` +
        'the two would take one name, and the run would fail there (Duplicate key name)'
      : `the name of property ${property}, which declares no index of its own: the mysql ` +
        'connector takes an existing index of that name for the property’s, drops it on ' +
        'every run that finds it and makes it again on the next';
    throw new InvalidModelError(
      `model ${model}: the index of settings.indexes is named "${index}", ${effect}. ` +
        `Give it another name: rename its key in settings.indexes (e.g. "${index}_idx").`,
      model,
    );
  }
}
