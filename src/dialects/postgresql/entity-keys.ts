import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';
import {renamedEntityKeys} from '../entity-keys';

/**
 * Refuse a foreign key whose `entityKey` names a property of the target
 * model stored in a column of another name (`postgresql: {columnName:
 * 'category_id'}`). The PostgreSQL connector pastes `entityKey` as the
 * referenced column (`REFERENCES category(id)`, which PostgreSQL refuses:
 * no such column) and compares the keys it finds with it as a column name
 * (the key would be dropped and made again on every run). Naming the
 * column works on both counts.
 */
export function checkPgEntityKeys(
  connector: JugglerConnector,
  model: string,
): void {
  const [renamed] = renamedEntityKeys(connector, model);
  if (!renamed) return;
  const {name, entity, property, column} = renamed;
  throw new InvalidModelError(
    `model ${model}, foreign key "${name}": entityKey "${property}" is a ` +
      `property of ${entity} stored in column "${column}"; the PostgreSQL ` +
      'connector writes entityKey as the referenced column as it is, which ' +
      `PostgreSQL refuses (there is no column "${property}"). Name the ` +
      `column instead: entityKey: '${column}'.`,
    model,
  );
}
