import type {JugglerConnector} from '../../juggler';
import {escapeRegExp} from '../../planner/sql-text';
import {quote} from './quote';

/**
 * Write the `kind` of a property's own index (`index: {kind: 'UNIQUE'}`,
 * `'FULLTEXT'`) into the `ADD INDEX` that adds it to an existing table: the
 * connector reads it in `CREATE TABLE` only, and added a plain index, which
 * the next run made again as declared (a unique one over the values written
 * in between could then fail). Other statements stay as they are.
 */
export function withPropertyIndexKinds(
  sql: string,
  connector: JugglerConnector,
  model: string,
): string {
  if (!/^\s*ALTER\s+TABLE\b/i.test(sql)) return sql;
  const properties = connector._models?.[model]?.properties ?? {};
  let result = sql;
  for (const [property, definition] of Object.entries(properties)) {
    const index = (definition as {index?: unknown} | undefined)?.index;
    if (typeof index !== 'object' || index === null) continue;
    const {kind} = index as {kind?: unknown};
    if (typeof kind !== 'string' || !/^\w+$/.test(kind)) continue;
    const added = new RegExp(
      `(\\bADD\\s+)INDEX(\\s+${escapeRegExp(quote(property))}\\s)`,
      'i',
    );
    result = result.replace(added, `$1${kind} INDEX$2`);
  }
  return result;
}
