import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';
import type {ModelName} from '../model-names';

/**
 * Refuse an index the connector would name `PRIMARY` (any case): MySQL and
 * MariaDB keep that name for the primary key and refuse it at its statement
 * (`Incorrect index name`), after the statements before it were committed.
 * Such an index is a `settings.indexes` key, a foreign key's name (InnoDB
 * names the key's index after it), or a property's `index`, which the
 * connector names after the property's column (a boolean `primary`).
 */
export function checkPrimaryIndexName(
  connector: JugglerConnector,
  model: string,
  names: readonly ModelName[],
): void {
  const properties = connector._models?.[model]?.properties ?? {};
  const named = names.flatMap(({what, name, fix, property}) => {
    if (what === 'index' || what === 'foreign key') return [{what, name, fix}];
    const indexed = property !== undefined && isIndexed(properties[property]);
    return indexed
      ? [
          {
            what: `index of property ${property}`,
            name,
            fix:
              "declare the index in settings.indexes under another name instead of the property's " +
              'index, or store the property in another column (its mysql.columnName)',
          },
        ]
      : [];
  });
  const reserved = named.find(n => n.name.toUpperCase() === 'PRIMARY');
  if (!reserved) return;
  throw new InvalidModelError(
    `model ${model}: the ${reserved.what} would be named "${reserved.name}", which MySQL and ` +
      'MariaDB keep for the primary key (Incorrect index name); the run would fail there. ' +
      `Give it another name: ${reserved.fix}.`,
    model,
  );
}

/** Whether a property declares an index of its own (`index: true`, `index: {...}`). */
function isIndexed(definition: unknown): boolean {
  const index = (definition as {index?: unknown} | undefined)?.index;
  return Boolean(index);
}
