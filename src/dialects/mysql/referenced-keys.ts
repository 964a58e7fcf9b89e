import type {JugglerConnector} from '../../juggler';
import type {PlanCache, TableRef} from '../dialect';
import type {TableKey} from '../../planner/will-fail/checks';
import {tableIndexColumns} from './key-indexes';

/**
 * Whether a foreign key may reference `columns` through `key`: InnoDB
 * takes any index whose first columns they are ("Foreign key constraint is
 * incorrectly formed" otherwise). Names compare without case.
 */
export function mysqlReferences(
  key: TableKey,
  columns: readonly string[],
): boolean {
  const wanted = new Set(columns.map(c => c.toLowerCase()));
  const leading = key.columns.slice(0, wanted.size);
  return (
    leading.length === wanted.size &&
    leading.every(c => wanted.has(c.toLowerCase()))
  );
}

/** The table's indexes (its primary key among them), from one read of the database's. */
export async function mysqlTableKeys(
  connector: JugglerConnector,
  table: TableRef,
  cache: PlanCache,
): Promise<TableKey[]> {
  const indexes = await tableIndexColumns(connector, table.name, cache);
  return [...indexes].map(([name, columns]) => ({
    name,
    unique: false,
    columns,
  }));
}
