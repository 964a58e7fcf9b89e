import {describeTable, type TableRef} from '../dialects/dialect';
import {InvalidModelError} from '../errors';
import type {JugglerConnector} from '../juggler';

/**
 * Refuse two models of one datasource on one table (an explicit table
 * setting, or names the connector folds to one: `Thing` and `THING` are
 * both `thing` on PostgreSQL). Autoupdate would make the table look like
 * each model in turn, dropping the columns of the other, on every run;
 * found before any change.
 *
 * @throws InvalidModelError naming both models and the table
 */
export function refuseSharedTables(
  models: readonly string[],
  tables: readonly TableRef[],
  settingsKey: string,
): void {
  const owners = new Map<string, string>();
  for (const [index, model] of models.entries()) {
    const table = tables[index];
    const key = JSON.stringify([table.schema, table.name]);
    const other = owners.get(key);
    if (other !== undefined) {
      throw new InvalidModelError(
        `models ${other} and ${model} both map to table ${describeTable(table)}: ` +
          'a migration would change that table to the properties of each in ' +
          'turn, dropping the columns of the other (or be refused for the ' +
          'data they hold), on every run. Give one of them a table of its own ' +
          `(settings.${settingsKey}.table), or leave one out of the migration ` +
          '(the models option).',
        model,
      );
    }
    owners.set(key, model);
  }
}

/**
 * Refuse two properties of a model on one column (a `columnName` setting,
 * or names the connector folds to one: `title` and `Title` are both
 * `title` on PostgreSQL). Each run would change the column to the type of
 * one of them in turn; found before any change.
 *
 * @throws InvalidModelError naming both properties and the column
 */
export function refuseSharedColumns(
  connector: JugglerConnector,
  model: string,
  settingsKey: string,
): void {
  const properties = Object.keys(connector._models?.[model]?.properties ?? {});
  const owners = new Map<string, string>();
  for (const property of properties) {
    const column = connector.column?.(model, property) ?? property;
    const other = owners.get(column);
    if (other !== undefined) {
      throw new InvalidModelError(
        `model ${model}: properties ${other} and ${property} both map to ` +
          `column "${column}": a migration would change that column to the ` +
          'type of each in turn, on every run. Rename one of them, or give ' +
          `it a column of its own (its ${settingsKey}.columnName).`,
        model,
      );
    }
    owners.set(column, property);
  }
}
