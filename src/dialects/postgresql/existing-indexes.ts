import type {JugglerConnector} from '../../juggler';
import {tableKey, type IndexRef} from '../dialect';
import {relationsNamed} from './relation-names';

/**
 * The postgresql dialect's `existingIndexes`: those of the given indexes
 * whose schema has an index of that name, on whichever table (PostgreSQL
 * names tables and indexes in one namespace per schema).
 */
export async function pgExistingIndexes(
  connector: JugglerConnector,
  indexes: readonly IndexRef[],
): Promise<IndexRef[]> {
  if (indexes.length === 0) return [];
  const named = indexes.map(i => ({schema: i.table.schema, name: i.name}));
  const relations = await relationsNamed(connector, named);
  return indexes.filter(
    (_, i) => relations.get(tableKey(named[i]))?.kind === 'index',
  );
}
