import {InvalidModelError} from '../errors';
import type {AttachedModel, JugglerConnector} from '../juggler';

/**
 * Refuse a foreign key of `settings.foreignKeys` without a `name` where
 * another such key shares its namespace. Both connectors write its name as
 * it is, `CONSTRAINT undefined`: one such key works (as with stock
 * LoopBack), a second one of the table (PostgreSQL) or of the database
 * (`'database'`: MySQL/MariaDB, where constraint names are one namespace)
 * was refused by the database, naming a key "undefined" the model never
 * declared.
 */
export function checkForeignKeyNames(
  connector: JugglerConnector,
  model: string,
  namespace: 'table' | 'database',
): void {
  const models = connector._models ?? {};
  const [key] = unnamedKeys(models[model]);
  if (key === undefined) return;
  const sharing =
    namespace === 'table'
      ? unnamedKeys(models[model]).length
      : Object.values(models).reduce((n, m) => n + unnamedKeys(m).length, 0);
  if (sharing < 2) return;
  throw new InvalidModelError(
    `model ${model}: foreign key "${key}" of settings.foreignKeys has no name, ` +
      'and the connector writes its name as it is: CONSTRAINT undefined, which another ' +
      `key without a name of the ${namespace === 'table' ? 'table' : 'datasource'} has too. ` +
      `Give it one: settings.foreignKeys.${key}.name (e.g. ${JSON.stringify(key)}).`,
    model,
  );
}

/** The keys of a model's foreign keys declared without a name. */
function unnamedKeys(definition: AttachedModel | undefined): string[] {
  return Object.entries(definition?.settings.foreignKeys ?? {})
    .filter(([, fk]) => typeof fk.name !== 'string' || fk.name === '')
    .map(([key]) => key);
}
