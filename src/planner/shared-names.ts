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
 * or names the database takes for one: `title` and `Title` are both
 * `title` on PostgreSQL, where the connector folds them, and one column on
 * MySQL, which compares column names without case: `columnKey`). Each run
 * would change the column to the type of one of them in turn, or the
 * server would refuse the second ("Duplicate column name") after the
 * plan's first statements; found before any change.
 *
 * @throws InvalidModelError naming both properties and the column
 */
export function refuseSharedColumns(
  connector: JugglerConnector,
  model: string,
  settingsKey: string,
  columnKey: (column: string) => string,
): void {
  const properties = Object.keys(connector._models?.[model]?.properties ?? {});
  const owners = new Map<string, string>();
  for (const property of properties) {
    const column = connector.column?.(model, property) ?? property;
    const key = columnKey(column);
    const other = owners.get(key);
    if (other !== undefined) {
      throw new InvalidModelError(
        `model ${model}: properties ${other} and ${property} both map to ` +
          `column "${column}": a migration would change that column to the ` +
          'type of each in turn, on every run. Rename one of them, or give ' +
          `it a column of its own (its ${settingsKey}.columnName).`,
        model,
      );
    }
    owners.set(key, property);
  }
}
