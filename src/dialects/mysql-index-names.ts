import type {JugglerConnector} from '../juggler';

/**
 * The mysql dialect's `rewrite`. The connector's `CREATE TABLE` names the
 * index of a property declaring `index` after its column, but autoupdate
 * looks for it under the property name: for a property with a column name
 * of its own, the next run drops the index and adds it again. Name it after
 * the property from the start. Other statements stay as they are.
 */
export function namesIndexesAfterProperties(
  sql: string,
  connector: JugglerConnector,
  model: string,
): string {
  if (!/^CREATE\s+TABLE\b/i.test(sql)) return sql;
  const properties = connector._models?.[model]?.properties ?? {};
  let result = sql;
  for (const [property, definition] of Object.entries(properties)) {
    if (!(definition as {index?: unknown} | undefined)?.index) continue;
    const column = connector.column?.(model, property);
    if (!column || column === property) continue;
    const quoted = backticked(column);
    const index = new RegExp(
      `(\\bINDEX\\s+)${escapeRegExp(quoted)}(\\s+(?:USING\\s+\\w+\\s+)?\\(\\s*${escapeRegExp(quoted)}\\s*\\))`,
      'i',
    );
    result = result.replace(
      index,
      (_, before: string, after: string) =>
        before + backticked(property) + after,
    );
  }
  return result;
}

function backticked(name: string): string {
  return '`' + name.split('`').join('``') + '`';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
