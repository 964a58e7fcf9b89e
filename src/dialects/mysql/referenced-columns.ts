import type {JugglerConnector} from '../../juggler';
import {renamedEntityKeys} from '../entity-keys';
import {quote} from './quote';

/**
 * The mysql dialect's `rewrite`, for foreign keys. The connector writes a
 * key's `entityKey` (a property name: see the dialect's `checkModel`) as
 * the referenced column as it is, while it compares the keys it finds with
 * that property's column. For a target key property stored in a column of
 * its own name (`mysql: {columnName: 'category_id'}`), the server refuses
 * `REFERENCES category(id)` after the table was made. Reference the
 * property's column.
 */
export function referencesKeyColumns(
  sql: string,
  connector: JugglerConnector,
  model: string,
): string {
  let result = sql;
  for (const {entity, property, column} of renamedEntityKeys(
    connector,
    model,
  )) {
    const table = connector.tableEscaped?.(entity);
    if (!table) continue;
    result = result
      .split(`REFERENCES ${table}(${quote(property)})`)
      .join(`REFERENCES ${table}(${quote(column)})`);
  }
  return result;
}
