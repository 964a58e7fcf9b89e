import type {JugglerConnector} from '../../juggler';
import type {TableRef} from '../dialect';
import type {TableKey} from '../../planner/will-fail/checks';
import {pgTableIndexes} from './table-indexes';

/**
 * Whether a foreign key may reference `columns` through `key`: PostgreSQL
 * takes a primary key or a unique index of exactly those columns, in any
 * order ("there is no unique constraint matching given keys").
 */
export function pgReferences(
  key: TableKey,
  columns: readonly string[],
): boolean {
  const wanted = new Set(columns);
  return (
    key.unique &&
    key.columns.length === wanted.size &&
    key.columns.every(c => wanted.has(c))
  );
}

/** The table's primary key and indexes without a predicate or an expression. */
export async function pgTableKeys(
  connector: JugglerConnector,
  table: TableRef,
): Promise<TableKey[]> {
  const indexes = await pgTableIndexes(connector, table.schema, table.name);
  return indexes.flatMap(index =>
    index.partial || index.columns.some(c => c === null)
      ? []
      : [
          {
            unique: index.unique || index.primary,
            columns: index.columns as string[],
          },
        ],
  );
}
