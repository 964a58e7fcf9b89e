import type {JugglerConnector} from '../../juggler';
import type {PlanCache} from '../dialect';
import {statementTarget} from '../../planner/statement-target';
import {unquote} from '../../planner/statement-clauses';
import {foldPg} from './fold';
import {pgTableIndexes, type TableIndex} from './table-indexes';

/** The connector's `CREATE [UNIQUE] INDEX "name" ON table [USING m] ( keys )`. */
const CREATE_INDEX =
  /^CREATE\s+(UNIQUE\s+)?INDEX\s+\S+\s+ON\s+\S+(?:\s+USING\s+(\w+))?\s*\(\s*((?:"(?:[^"]|"")*"|[\w$]+)(?:\s*,\s*(?:"(?:[^"]|"")*"|[\w$]+))*)\s*\)$/i;

/** One key of its list: a quoted or a plain name. */
const KEY = /"(?:[^"]|"")*"|[\w$]+/g;

/**
 * Take out of a model's statements each pair that would only rename an
 * index: `DROP INDEX x` of an index the model does not name, and the
 * `CREATE INDEX y` of one it declares that the table lacks, where `x` is
 * the same index (the same columns in the same order, the same uniqueness
 * and access method, no expression, no predicate). The connector matches
 * indexes by name only: a table made without LoopBack plans such a pair on
 * every run (`lb4 discover` writes `index: {unique: true}` for a UNIQUE
 * column, whose index is its constraint's, `<table>_<column>_key`), and
 * PostgreSQL refuses to drop the index of a constraint. The table keeps
 * the index it has, which serves the declaration.
 */
export async function withoutIndexRenames(
  connector: JugglerConnector,
  model: string,
  statements: readonly string[],
  cache?: PlanCache,
): Promise<string[]> {
  const drops = new Map<string, number>();
  const creates: {at: number; index: string; shape: string}[] = [];
  for (const [at, sql] of statements.entries()) {
    const target = statementTarget(sql, foldPg);
    if (target.kind === 'drop-index') drops.set(target.index.name, at);
    if (target.kind !== 'create-index') continue;
    const shape = declaredShape(sql);
    if (shape) creates.push({at, index: target.index, shape});
  }
  const table = connector.table?.(model);
  if (drops.size === 0 || creates.length === 0 || !table) {
    return [...statements];
  }
  const schema = connector.schema?.(model) || 'public';
  const indexes = await pgTableIndexes(connector, schema, table, cache);
  const taken = new Set<number>();
  for (const create of creates) {
    if (indexes.some(i => i.name === create.index)) continue;
    const same = indexes.find(
      i =>
        drops.has(i.name) &&
        !taken.has(drops.get(i.name)!) &&
        shapeOf(i) === create.shape,
    );
    if (!same) continue;
    taken.add(drops.get(same.name)!);
    taken.add(create.at);
  }
  return statements.filter((_, at) => !taken.has(at));
}

/** `unique btree (a,b)`: what two indexes that serve alike share. */
function shape(unique: boolean, method: string, columns: string[]): string {
  return `${unique ? 'unique' : 'plain'} ${method} (${columns.join(',')})`;
}

function shapeOf(index: TableIndex): string | undefined {
  if (index.primary || index.partial || index.columns.includes(null)) {
    return undefined;
  }
  return shape(index.unique, index.method, index.columns as string[]);
}

/** The shape of a connector's CREATE INDEX of plain column keys. */
function declaredShape(sql: string): string | undefined {
  const m = CREATE_INDEX.exec(sql.trim());
  if (!m) return undefined;
  const columns = (m[3].match(KEY) ?? []).map(key => unquote(key, foldPg));
  return shape(Boolean(m[1]), (m[2] ?? 'btree').toLowerCase(), columns);
}
