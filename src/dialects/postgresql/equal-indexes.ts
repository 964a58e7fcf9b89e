import type {JugglerConnector} from '../../juggler';
import type {PlanCache} from '../dialect';
import {statementTarget} from '../../planner/statement-target';
import {foldPg} from './fold';
import {parseCreateIndex, type WantedIndex} from './connector-indexes';
import {pgSchemaOf} from './model-schema';
import {pgTableIndexes, type TableIndex} from './table-indexes';

/**
 * Take out of a model's statements each pair that would only rename an
 * index: `DROP INDEX x` of an index the model does not name, and the
 * `CREATE INDEX y` of one it declares that the table lacks, where `x` is
 * the same index (the same columns in the same order and directions, the
 * same uniqueness and access method, no expression, no predicate, no
 * INCLUDE columns). The connector matches
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
    const created = parseCreateIndex(sql);
    if (created) {
      creates.push({
        at,
        index: target.index,
        shape: wantedShape(created.wanted),
      });
    }
  }
  const table = connector.table?.(model);
  if (drops.size === 0 || creates.length === 0 || !table) {
    return [...statements];
  }
  const schema = pgSchemaOf(connector, model);
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

/** `unique btree (a,b DESC)`: what two indexes that serve alike share. */
function shape(
  unique: boolean,
  method: string,
  keys: ReadonlyArray<{column: string; descending: boolean}>,
): string {
  const list = keys.map(k => k.column + (k.descending ? ' DESC' : ''));
  return `${unique ? 'unique' : 'plain'} ${method} (${list.join(',')})`;
}

function wantedShape(index: WantedIndex): string {
  return shape(index.unique, index.method, index.keys);
}

/**
 * The shape of an index of plain column keys, each in its direction's
 * default nulls order (`indoption` 0 or 3, as a CREATE INDEX without
 * NULLS makes it).
 */
function shapeOf(index: TableIndex): string | undefined {
  if (
    index.primary ||
    index.partial ||
    index.included ||
    index.columns.includes(null) ||
    index.options.some(option => option !== 0 && option !== 3)
  ) {
    return undefined;
  }
  const keys = index.options.map((option, i) => ({
    column: index.columns[i]!,
    descending: option === 3,
  }));
  return shape(index.unique, index.method, keys);
}
