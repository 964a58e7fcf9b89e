import {describeTable} from '../../dialects/dialect';
import {columnChanges} from '../alter-clauses';
import {droppedIndexNames} from './clauses';
import type {UniqueKey} from './checks';
import type {Judgement} from './judge';
import type {PlanState, TableState} from './plan-state';

/**
 * The unique indexes a statement's type change rebuilds (the table's own,
 * over a column it converts) that values it makes equal would make fail:
 * `'2'` and `'2.0'` are two texts and one `numeric`. The database refuses
 * the whole statement. Judged where the database tells its unique keys
 * (`FailureChecks.uniqueKeys`); after `PlanState.plan()` of the statement,
 * whose new types `state.types` holds.
 */
export async function judgeConvertedKeys(
  sql: string,
  state: TableState,
  plan: PlanState,
): Promise<Judgement[]> {
  const {table, created, dropped, unconvertible} = state;
  const {checks, connector, reader} = plan;
  if (created || !checks.uniqueKeys) return [];
  const converted = new Set(
    columnChanges(sql).flatMap(c =>
      c.kind === 'change-type' ? [c.column] : [],
    ),
  );
  if (converted.size === 0) return [];
  // An index the statement drops is not rebuilt: MySQL drops it first.
  const droppedIndexes = droppedIndexNames(sql);
  // A prefix key part compares the prefix of a string, the whole value of
  // a column changed to another type: '1' and '01' are one INT, whatever
  // the prefix was.
  const keptPrefix = (key: UniqueKey, column: string): number | undefined => {
    const type = state.types.get(column);
    return type === undefined || checks.keepsPrefix?.(type)
      ? key.prefixes?.get(column)
      : undefined;
  };
  const judgements: Judgement[] = [];
  for (const key of await checks.uniqueKeys(connector, table)) {
    if (!key.columns.some(c => converted.has(c))) continue;
    if (droppedIndexes.has(key.name.toLowerCase())) continue;
    // A refused conversion fails the run already; a dropped column takes
    // the index with it.
    if (key.columns.some(c => unconvertible.has(c) || dropped.has(c))) {
      continue;
    }
    const found = await reader.duplicates(
      table,
      key.columns.map(c => plan.asKeyPart(state, c, keptPrefix(key, c))),
    );
    if (found.values === 0) continue;
    const columns = key.columns.map(c => `"${c}"`).join(', ');
    judgements.push({
      willFail:
        `unique index "${key.name}" on ${columns} cannot be kept through the type change: ` +
        `${found.values} value(s) become equal as the new type, in ${found.rows} rows of ` +
        `${describeTable(table)} (${found.samples}). To fix it, change or remove those ` +
        'values first (by hand, or with a migration script), or drop unique from the index',
    });
  }
  return judgements;
}
