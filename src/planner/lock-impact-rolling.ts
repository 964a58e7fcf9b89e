import {columnChanges} from './alter-clauses';

/**
 * What a statement on a table the app already uses breaks for the
 * instances of the previous release that keep serving while it runs (a
 * rolling deploy): LoopBack names every property of a model in its
 * queries, so from a `DROP COLUMN` on, every read of the table by a model
 * that still has the property fails. `undefined` when it drops no column.
 */
export function rollingDeployWarning(
  sql: string,
  model: string,
  table: string,
): string | undefined {
  const dropped = columnChanges(sql)
    .filter(change => change.kind === 'drop-column')
    .map(change => `"${change.column}"`);
  if (dropped.length === 0) return undefined;
  return (
    `model ${model}: drops column ${dropped.join(', ')} of ${table}; app instances ` +
    'still running a model with that property name it in every query of the table, ' +
    'so their reads and writes of it fail from the drop on. In a rolling deploy, ' +
    'run this migration once no such instance is left (after the rollout, not at each ' +
    'start); see README, "Rolling deploys" (#rolling-deploys)'
  );
}
