import type {JugglerConnector} from '../../juggler';
import {escapeRegExp} from '../../planner/sql-text';
import {escapeName} from '../dialect';
import {pgPropertyIndexes} from './connector-indexes';

/**
 * Make a property's own index as declared where the connector makes it
 * unique unasked: its `addIndexes()` writes `CREATE UNIQUE INDEX` for any
 * object `index` without `kind` or `type` (`index: {unique: false}`,
 * `index: {}`, `index: {name: 'x'}`), in a new table as in an existing one,
 * so that rows the model allows were refused as duplicates. The MySQL
 * connector, and this one for `index: true`, make such an index plain.
 */
export function withPlainPropertyIndexes(
  sql: string,
  connector: JugglerConnector,
  model: string,
): string {
  if (!/^\s*CREATE\s+UNIQUE\s+INDEX\b/i.test(sql)) return sql;
  for (const index of pgPropertyIndexes(connector, model)) {
    const unasked = new RegExp(
      `^\\s*CREATE\\s+UNIQUE\\s+INDEX\\s+${escapeRegExp(escapeName(connector, index.name))}\\s+ON\\s`,
      'i',
    );
    if (!index.unique && unasked.test(sql)) return index.create;
  }
  return sql;
}
