import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';
import type {ModelName} from '../model-names';

/**
 * Refuse a model two of whose `settings.indexes` have names that differ
 * only in case: MySQL and MariaDB compare index names without case, and
 * refuse the second (`Duplicate key name`) only at its statement, after the
 * statements before it were committed. (Two columns: `refuseSharedColumns`.)
 * A `settings.indexes` key that names a property, or a foreign key on
 * another column, is refused too: see {@link checkIndexNamedLikeProperty}
 * and {@link checkIndexNamedLikeForeignKey}.
 */
export function checkMysqlIndexNameClashes(
  connector: JugglerConnector,
  model: string,
  names: readonly ModelName[],
): void {
  const seen = new Map<string, string>();
  for (const {what, name, fix} of names) {
    if (what !== 'index') continue;
    checkIndexNamedLikeProperty(connector, model, name);
    checkIndexNamedLikeForeignKey(connector, model, name);
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

/**
 * Refuse a `settings.indexes` key that is (any case) the name of a foreign
 * key of the model whose column does not lead the index: InnoDB names the
 * index it makes for the key after the key, so the run failed at the
 * table's statement (`Duplicate key name`), after the statements before it
 * were committed. An index led by the key's column serves the key, and no
 * other index is made.
 */
function checkIndexNamedLikeForeignKey(
  connector: JugglerConnector,
  model: string,
  index: string,
): void {
  const definition = connector._models?.[model];
  const indexes = (definition?.settings.indexes ?? {}) as Record<
    string,
    unknown
  >;
  const leading = leadingColumn(indexes[index]);
  for (const fk of Object.values(definition?.settings.foreignKeys ?? {})) {
    if (fk.name?.toLowerCase() !== index.toLowerCase() || !fk.foreignKey) {
      continue;
    }
    const column = connector.column?.(model, fk.foreignKey) ?? fk.foreignKey;
    if (leading?.toLowerCase() === column.toLowerCase()) continue;
    throw new InvalidModelError(
      `model ${model}: the index of settings.indexes is named "${index}", like the ` +
        `foreign key "${fk.name}" on column "${column}", which the index does not ` +
        'start with: InnoDB names the index it makes for the key after the key, and the ' +
        'run would fail there (Duplicate key name). Give it another name: rename its key ' +
        `in settings.indexes (e.g. "${index}_idx").`,
      model,
    );
  }
}

/** The first column an entry of `settings.indexes` names, when it is read. */
function leadingColumn(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const {keys, columns} = entry as {keys?: unknown; columns?: unknown};
  if (typeof keys === 'object' && keys !== null && !Array.isArray(keys)) {
    return Object.keys(keys)[0];
  }
  if (typeof columns !== 'string') return undefined;
  return columns.split(',')[0].trim().split(/\s+/)[0].replace(/^`|`$/g, '');
}
