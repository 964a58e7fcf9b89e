import type {JugglerConnector} from '../../juggler';
import {escapeName, type PlanCache} from '../dialect';
import {
  indexNamesIn,
  pgPropertyIndexes,
  type PropertyIndex,
} from './connector-indexes';
import {pgSchemaOf} from './model-schema';
import {pgTableIndexes} from './table-indexes';

/**
 * Add what the PostgreSQL connector misses about a property's own index
 * (`index: true`, `index: {unique: true}`, named `<table>_<column>_idx`),
 * so that a change of it is made in one run:
 *
 * - it drops an index it cannot tell is the property's (a column name with
 *   an `_`) or whose uniqueness differs, but makes it again only when it
 *   could tell: the table was left without the index until the next run.
 *   The plan makes it again wherever it drops it (the drops left after
 *   `withoutPgNoOps`, which takes out those of an index that is already
 *   as declared);
 * - it never compares a declaration that is not unique with the catalog
 *   (`index: {unique: true}` back to `index: true` kept the unique index,
 *   run after run): the plan drops such an index when the catalog's is
 *   unique, and makes it as declared.
 */
export async function withPropertyIndexes(
  connector: JugglerConnector,
  model: string,
  statements: readonly string[],
  cache?: PlanCache,
): Promise<string[]> {
  const declared = pgPropertyIndexes(connector, model);
  if (declared.length === 0) return [...statements];
  const {dropped, created} = indexNamesIn(statements);
  const added: string[] = [];
  for (const index of declared) {
    if (dropped.has(index.name) && !created.has(index.name)) {
      added.push(index.create);
    }
  }
  const plain = declared.filter(
    i => !i.unique && !dropped.has(i.name) && !created.has(i.name),
  );
  for (const index of await uniqueInCatalog(connector, model, plain, cache)) {
    added.push(
      `DROP INDEX ${escapeName(connector, pgSchemaOf(connector, model))}.` +
        escapeName(connector, index.name),
      index.create,
    );
  }
  return [...statements, ...added];
}

/**
 * Those of `indexes` that the table has, unique (read from the plan's
 * snapshot when `cache` holds it).
 */
async function uniqueInCatalog(
  connector: JugglerConnector,
  model: string,
  indexes: readonly PropertyIndex[],
  cache: PlanCache | undefined,
): Promise<PropertyIndex[]> {
  const table = connector.table?.(model);
  if (indexes.length === 0 || !table) return [];
  const schema = pgSchemaOf(connector, model);
  const unique = new Set(
    (await pgTableIndexes(connector, schema, table, cache))
      .filter(i => i.unique && !i.primary)
      .map(i => i.name),
  );
  return indexes.filter(i => unique.has(i.name));
}
