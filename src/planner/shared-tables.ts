import {describeTable, type TableRef} from '../dialects/dialect';
import {InvalidModelError} from '../errors';

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
