import type {JugglerConnector} from '../../juggler';
import type {PlanCache} from '../dialect';
import {statementTarget} from '../../planner/statement-target';
import {foldPg} from './fold';
import {pgSchemaOf} from './model-schema';
import {pgTableIndexes} from './table-indexes';

/**
 * Take out the connector's `DROP INDEX` of an index no model can declare:
 * one over an expression (`lower(email)`) or with a predicate (`WHERE
 * ...`), made by hand (the connector never makes one). The connector drops
 * every index the model does not declare, so a legacy table's unique
 * `lower(email)` went at the first run, without a way to keep it. An index
 * the model declares under that name is left to the connector (it drops
 * and makes it again as declared).
 */
export async function withUnmodellableIndexesKept(
  connector: JugglerConnector,
  model: string,
  statements: readonly string[],
  cache?: PlanCache,
): Promise<string[]> {
  const targets = statements.map(sql => statementTarget(sql, foldPg));
  const dropped = targets.flatMap(t =>
    t.kind === 'drop-index' ? [t.index.name] : [],
  );
  const table = connector.table?.(model);
  if (dropped.length === 0 || !table) return [...statements];
  const created = new Set(
    targets.flatMap(t => (t.kind === 'create-index' ? [t.index] : [])),
  );
  const indexes = await pgTableIndexes(
    connector,
    pgSchemaOf(connector, model),
    table,
    cache,
  );
  const kept = new Set(
    indexes
      .filter(i => i.partial || i.columns.includes(null))
      .map(i => i.name)
      .filter(name => !created.has(name)),
  );
  return statements.filter((_, at) => {
    const target = targets[at];
    return !(target.kind === 'drop-index' && kept.has(target.index.name));
  });
}
