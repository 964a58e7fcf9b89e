import type {JugglerConnector} from '../juggler';

/** A name a model gives something the connector creates, and how to change it. */
export interface ModelName {
  readonly what: string;
  readonly name: string;
  readonly fix: string;
}

/**
 * The names of what the connector creates for a model: its table, its
 * properties' columns, its `settings.indexes` and its foreign keys' names.
 * `settingsKey` is the connector's own settings key (`mysql`,
 * `postgresql`), named in each fix.
 */
export function modelNames(
  connector: JugglerConnector,
  model: string,
  settingsKey: string,
  tableFix: string,
): ModelName[] {
  const definition = connector._models?.[model];
  const indexes: unknown = definition?.settings.indexes;
  return [
    {what: 'table', name: connector.table?.(model) ?? model, fix: tableFix},
    ...Object.keys(definition?.properties ?? {}).map(property => ({
      what: `column of property ${property}`,
      name: connector.column?.(model, property) ?? property,
      fix: `set the property's ${settingsKey}.columnName`,
    })),
    ...Object.keys(
      typeof indexes === 'object' && indexes !== null ? indexes : {},
    ).map(name => ({
      what: 'index',
      name,
      fix: 'rename its key in settings.indexes',
    })),
    ...Object.entries(definition?.settings.foreignKeys ?? {}).flatMap(
      ([key, fk]) =>
        typeof fk.name === 'string'
          ? [
              {
                what: 'foreign key',
                name: fk.name,
                fix: `set its settings.foreignKeys.${key}.name`,
              },
            ]
          : [],
    ),
  ];
}
