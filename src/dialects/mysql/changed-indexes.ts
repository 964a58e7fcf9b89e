import {escapeRegExp} from '../../planner/sql-text';
import type {JugglerConnector} from '../../juggler';
import {StatementClauses, unquote} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {indexDirections, indexIsUnique, tableIndexColumns} from './key-indexes';
import {quote} from './quote';
import {keepsDescendingKeys, readServer} from './server';

/** An entry of `settings.indexes`, in the forms the connector reads. */
interface ModelIndex {
  readonly keys?: Readonly<Record<string, unknown>>;
  readonly columns?: string;
  readonly kind?: string;
  readonly type?: string;
  readonly options?: {readonly unique?: unknown};
}

/**
 * The connector compares an existing index of `settings.indexes` with its
 * declaration by its columns and their order only: when the declaration is
 * made unique (`options: {unique: true}` or `kind: 'UNIQUE'`), or no longer
 * unique, or a key changes direction (`keys` -1, `columns` `DESC`), or
 * `columns` loses its last keys (see {@link fewerColumns}), the
 * index stays as it is, run after run, while a database made from the same
 * models gets the declared one. Remake it as declared, in this run, in the
 * one `ALTER TABLE` the connector would write (a unique index over
 * duplicate values is then a predicted failure, like any added one).
 * A `unique: true` beside `keys` is not read by the connector (it makes
 * that index plain in a new table too), nor here.
 */
export async function remakesChangedIndexes(
  connector: JugglerConnector,
  model: string,
  statements: readonly string[],
  cache: PlanCache,
): Promise<string[]> {
  const definition = connector._models?.[model];
  const declared = Object.entries(
    (definition?.settings.indexes ?? {}) as Record<string, ModelIndex | null>,
  ).filter((entry): entry is [string, ModelIndex] => Boolean(entry[1]));
  const escaped = declared.length > 0 && connector.tableEscaped?.(model);
  if (!escaped) return [...statements];
  const table = unquote(escaped);
  const existing = await tableIndexColumns(connector, table, cache);
  const clauses = new StatementClauses(statements).remaining();
  const foreignKeys = definition?.settings.foreignKeys ?? {};
  const added: string[] = [];
  for (const [name, index] of declared) {
    // The connector leaves these alone, or makes its own change.
    if (name === 'PRIMARY' || name in foreignKeys || !existing.has(name))
      continue;
    const named = new RegExp(`\\bINDEX\\s+${escapeRegExp(quote(name))}`, 'i');
    if (clauses.some(c => named.test(c.text))) continue;
    const columns = indexKeys(index);
    if (!columns) continue;
    const kind = declaredKind(index);
    const unique = /^UNIQUE$/i.test(kind);
    const changed =
      unique !== (await indexIsUnique(connector, table, name, cache)) ||
      fewerColumns(index, existing.get(name)!) ||
      (await directionsChanged(connector, table, name, index, cache));
    if (!changed) continue;
    const using =
      index.type && !/^FULLTEXT$/i.test(kind) ? ` USING ${index.type}` : '';
    added.push(
      `ALTER TABLE ${escaped} DROP INDEX ${quote(name)}, ` +
        `ADD ${kind ? `${kind} ` : ''}INDEX ${quote(name)} (${columns})${using}`,
    );
  }
  return [...statements, ...added];
}

/**
 * Whether the index's keys (its columns in order, as the connector has
 * found them) differ from it in a key's direction, on a server that keeps
 * DESC: an older one makes every key ascending, and a declared DESC key
 * would be remade on every run.
 */
async function directionsChanged(
  connector: JugglerConnector,
  table: string,
  name: string,
  index: ModelIndex,
  cache: PlanCache,
): Promise<boolean> {
  const declared = declaredDirections(index);
  const made = await indexDirections(connector, table, name, cache);
  if (!declared || declared.length !== made.length) return false;
  if (declared.every((descending, i) => descending === made[i])) return false;
  return keepsDescendingKeys(await readServer(connector));
}

/**
 * Whether `columns` lists fewer keys than the index has: the connector
 * compares each key it lists with the index's column at its place, but not
 * their number (as it does for `keys`), so an index whose last columns were
 * taken out of the list matched it, run after run.
 */
function fewerColumns(index: ModelIndex, made: readonly string[]): boolean {
  if (Object.keys(index.keys ?? {}).length > 0 || !index.columns) return false;
  return index.columns.split(',').length < made.length;
}

/** A key of `columns`: a name, then `ASC` or `DESC` or neither. */
const COLUMNS_KEY = /^\s*[\w$]+(?:\s+(ASC|DESC))?\s*$/i;

/**
 * Which keys of the index are descending, in order: of `keys` (-1), else
 * of `columns` when each of its keys is a name with a direction or none;
 * none for other keys (a prefix, an expression).
 */
function declaredDirections(index: ModelIndex): boolean[] | undefined {
  const keys = Object.values(index.keys ?? {});
  if (keys.length > 0) return keys.map(order => order === -1);
  const parts = (index.columns ?? '').split(',').map(k => COLUMNS_KEY.exec(k));
  if (parts.some(part => !part)) return undefined;
  return parts.map(part => /^DESC$/i.test(part?.[1] ?? ''));
}

/**
 * The index's kind as the connector writes it: `kind`, else `UNIQUE` for
 * `options.unique` equal to true (loosely, as the connector compares it).
 */
function declaredKind(index: ModelIndex): string {
  if (index.kind) return index.kind.trim();
  const unique = index.options?.unique;
  return unique && Number(unique) === 1 ? 'UNIQUE' : '';
}

/**
 * The index's keys as the connector writes them (quoted, as the plan's
 * `rewrite` quotes them): `keys` (a key of -1 descending), else `columns`
 * as written; none when neither is given.
 */
function indexKeys(index: ModelIndex): string | undefined {
  const keys = Object.entries(index.keys ?? {}).map(
    ([key, order]) => quote(key) + (order === -1 ? ' DESC' : ''),
  );
  if (keys.length > 0) return keys.join(',');
  return index.columns || undefined;
}
