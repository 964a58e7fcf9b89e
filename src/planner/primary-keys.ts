import type {Dialect} from '../dialects/contract';
import {
  describeTable,
  type PlanCache,
  type TableRef,
} from '../dialects/dialect';
import type {JugglerConnector} from '../juggler';

/** A model whose table exists, with the columns its id properties map to. */
export interface ModelIds {
  readonly model: string;
  readonly table: TableRef;
  /** Its id properties and their columns, in declaration order. */
  readonly ids: readonly {readonly property: string; readonly column: string}[];
}

/**
 * A warning for each model whose id properties map to other columns than
 * the primary key of its existing table (a property made an id, or no
 * longer one, in a composite key). The connectors never change a primary
 * key: without this the plan is up to date while `findById()` and the
 * relations use the model's ids and the database enforces the key it has.
 * A table without a primary key is left to other checks.
 */
export async function primaryKeyWarnings(
  connector: JugglerConnector,
  dialect: Dialect,
  models: readonly ModelIds[],
  cache: PlanCache,
): Promise<string[]> {
  if (!dialect.primaryKeyColumns) return [];
  const warnings: string[] = [];
  for (const {model, table, ids} of models) {
    const key = await dialect.primaryKeyColumns(connector, table, cache);
    if (key.length === 0) continue;
    const keyed = new Set(key.map(column => dialect.columnKey(column)));
    const declared = new Set(ids.map(id => dialect.columnKey(id.column)));
    const same =
      keyed.size === declared.size && [...declared].every(c => keyed.has(c));
    if (same) continue;
    const properties = ids.map(id => `"${id.property}"`).join(', ');
    const columns = ids.map(id => `"${id.column}"`).join(', ');
    warnings.push(
      `model ${model}: its id ${ids.length === 1 ? 'property' : 'properties'} ${properties} ` +
        `map${ids.length === 1 ? 's' : ''} to ${columns}, but the primary key of table ` +
        `${describeTable(table)} is (${key.map(c => `"${c}"`).join(', ')}), and the plan leaves ` +
        "it so (the connector never changes a primary key; a new database gets the model's): " +
        "findById() and the relations use the model's ids while the database enforces its key. " +
        "Change the key in a migration script with runs = 'before-schema', or declare as ids " +
        'the columns of the key the table has',
    );
  }
  return warnings;
}
