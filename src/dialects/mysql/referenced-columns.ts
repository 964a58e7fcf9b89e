import type {JugglerConnector} from '../../juggler';
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
  const models = connector._models ?? {};
  const keys = models[model]?.settings.foreignKeys ?? {};
  let result = sql;
  for (const fk of Object.values(keys)) {
    const entity = typeof fk.entity === 'object' ? fk.entity.name : fk.entity;
    if (!entity || !fk.entityKey || !models[entity]) continue;
    const column = connector.column?.(entity, fk.entityKey);
    const table = connector.tableEscaped?.(entity);
    if (!column || column === fk.entityKey || !table) continue;
    result = result
      .split(`REFERENCES ${table}(${quote(fk.entityKey)})`)
      .join(`REFERENCES ${table}(${quote(column)})`);
  }
  return result;
}
