import type {JugglerConnector} from '../juggler';

/** A name a model gives something the connector creates, and how to change it. */
export interface ModelName {
  readonly what: string;
  readonly name: string;
  readonly fix: string;
  /** The property whose column this names; only for a column. */
  readonly property?: string;
}

/**
 * The names of what the connector creates for a model: its table, its
 * properties' columns, its `settings.indexes`, its foreign keys' names and,
 * on PostgreSQL, its schema. `kind` is the connector's own settings key
 * (`mysql`, `postgresql`), named in each fix. A model's checks share the
 * names of one call: building them looks every column up.
 */
export function modelNames(
  connector: JugglerConnector,
  model: string,
  kind: 'postgresql' | 'mysql',
): ModelName[] {
  const definition = connector._models?.[model];
  const indexes: unknown = definition?.settings.indexes;
  const schema = kind === 'postgresql' ? connector.schema?.(model) : undefined;
  const columnFix = `set the property's ${kind}.columnName`;
  return [
    {
      what: 'table',
      name: connector.table?.(model) ?? model,
      fix: `rename the model, or set its settings.${kind}.table`,
    },
    ...Object.keys(definition?.properties ?? {}).map(property => ({
      what: `column of property ${property}`,
      name: connector.column?.(model, property) ?? property,
      fix: columnFix,
      property,
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
    ...(schema
      ? [
          {
            what: 'schema',
            name: schema,
            fix: "set its settings.postgresql.schema (or the datasource's schema)",
          },
        ]
      : []),
  ];
}
