import {foreignKeyEntity, type JugglerConnector} from '../juggler';

/** A foreign key whose `entityKey` property is stored under another column name. */
export interface RenamedEntityKey {
  /** The key's name in `settings.foreignKeys`. */
  readonly name: string;
  /** The model it points at. */
  readonly entity: string;
  /** Its `entityKey`: a property of `entity`. */
  readonly property: string;
  /** That property's column. */
  readonly column: string;
}

/**
 * The foreign keys of `model` whose `entityKey` names a property of the
 * target model stored in a column of another name (`columnName:
 * 'category_id'`). The connectors write `entityKey` as the referenced
 * column as it is (`REFERENCES category(id)`), which the database refuses.
 */
export function renamedEntityKeys(
  connector: JugglerConnector,
  model: string,
): RenamedEntityKey[] {
  const models = connector._models ?? {};
  const keys = models[model]?.settings.foreignKeys ?? {};
  return Object.entries(keys).flatMap(([name, fk]) => {
    const entity = foreignKeyEntity(fk);
    const property = fk.entityKey;
    if (!entity || !property || !models[entity]?.properties[property]) {
      return [];
    }
    const column = connector.column?.(entity, property);
    return column && column !== property
      ? [{name, entity, property, column}]
      : [];
  });
}
