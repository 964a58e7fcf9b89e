import {escapeRegExp} from '../../planner/sql-text';
import type {JugglerConnector} from '../../juggler';
import {StatementClauses} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {indexColumns, indexIsUnique} from './key-indexes';
import {quote} from './quote';
import {unquote} from '../../planner/statement-clauses';

interface PropertyIndex {
  readonly unique?: boolean;
  readonly kind?: string;
  readonly type?: string;
}

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

/**
 * Autoupdate finds the index of a property declaring `index` by its name
 * only: when the property's column changes (a new `columnName`), the index
 * named after it stays on the old column, or goes with it when that column
 * is dropped, and the next run adds it; when the declaration is made
 * unique, or no longer unique, the index stays as it is, run after run.
 * Remake it on the property's column, as declared, in this run.
 */
export async function remakesChangedPropertyIndexes(
  connector: JugglerConnector,
  model: string,
  statements: readonly string[],
  cache: PlanCache,
): Promise<string[]> {
  const properties = connector._models?.[model]?.properties ?? {};
  const indexed = Object.entries(properties).filter(
    ([, definition]) =>
      (definition as {index?: boolean | PropertyIndex} | undefined)?.index,
  );
  const table = indexed.length > 0 && connector.tableEscaped?.(model);
  if (!table) return [...statements];
  const clauses = new StatementClauses(statements).remaining();
  const dropped = clauses.flatMap(c => {
    const m = /^DROP\s+COLUMN\s+(.+)$/i.exec(c.text);
    return m ? [unquote(m[1])] : [];
  });
  const added: string[] = [];
  for (const [property, definition] of indexed) {
    const index = (definition as {index: boolean | PropertyIndex}).index;
    const column = connector.column?.(model, property) ?? property;
    const current = await indexColumns(
      connector,
      unquote(table),
      property,
      cache,
    );
    const settings: PropertyIndex = typeof index === 'object' ? index : {};
    const kind = settings.kind ?? (settings.unique ? 'UNIQUE' : '');
    if (current.length === 0) continue;
    // MySQL's column names are not case-sensitive: an index on `Title` is
    // on the column a property's `title` renames (withCaseOnlyColumnRenames).
    const moved = !(
      current.length === 1 && current[0].toLowerCase() === column.toLowerCase()
    );
    const unique = /\bUNIQUE\b/i.test(kind);
    if (
      !moved &&
      unique ===
        (await indexIsUnique(connector, unquote(table), property, cache))
    )
      continue;
    // The connector's own change of that index, if any, stands.
    const named = new RegExp(
      `\\bINDEX\\s+${escapeRegExp(quote(property))}`,
      'i',
    );
    if (clauses.some(c => named.test(c.text))) continue;
    const using = settings.type ? ` USING ${settings.type}` : '';
    const add = `ADD ${kind} INDEX ${quote(property)}${using} (${quote(column)})`;
    const gone = current.every(c => dropped.includes(c));
    added.push(
      `ALTER TABLE ${table} ${gone ? '' : `DROP INDEX ${quote(property)}, `}${add}`,
    );
  }
  return [...statements, ...added];
}
