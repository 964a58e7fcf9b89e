import {InvalidModelError} from '../errors';
import type {JugglerConnector} from '../juggler';

/**
 * Refuse a foreign key of `settings.foreignKeys` without a `name`. Both
 * connectors write its name as it is, `CONSTRAINT undefined`: a second such
 * key of the table (PostgreSQL), or of the database (MySQL/MariaDB, one
 * namespace), was refused by the database, naming a key "undefined" the
 * model never declared.
 */
export function checkForeignKeyNames(
  connector: JugglerConnector,
  model: string,
): void {
  const keys = connector._models?.[model]?.settings.foreignKeys ?? {};
  for (const [key, fk] of Object.entries(keys)) {
    const name: unknown = fk.name;
    if (typeof name === 'string' && name !== '') continue;
    throw new InvalidModelError(
      `model ${model}: foreign key "${key}" of settings.foreignKeys has no name, ` +
        'and the connector writes its name as it is: CONSTRAINT undefined, which a second ' +
        'such key cannot have too. Give it one: ' +
        `settings.foreignKeys.${key}.name (e.g. ${JSON.stringify(key)}).`,
      model,
    );
  }
}
