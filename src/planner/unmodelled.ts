import {describeTable} from '../dialects/dialect';
import type {MigrationOperation} from '../types';
import type {TableRef} from '../dialects/dialect';

/**
 * Whether a table belongs to the app: a model of any of its datasources maps
 * to it, or it is a migration ledger.
 */
export type TableOwnership = (table: TableRef) => boolean;

/** How many table names a warning lists before it only counts the rest. */
const LISTED = 10;

/**
 * The warning that names the tables of the datasource's schemas that belong
 * to no model of the app (a model was removed or renamed, or the table was
 * made by hand): a migration never touches them, a rebuild included.
 */
export function unmodelledTablesWarning(
  present: readonly TableRef[],
  owned: TableOwnership,
  operation: MigrationOperation,
): string | undefined {
  const orphans = present.filter(table => !owned(table));
  if (orphans.length === 0) return undefined;
  const names = orphans.slice(0, LISTED).map(describeTable).join(', ');
  const more =
    orphans.length > LISTED ? ` and ${orphans.length - LISTED} more` : '';
  const which = orphans.length === 1 ? 'table' : `${orphans.length} tables`;
  const action =
    operation === 'automigrate'
      ? 'a rebuild drops and recreates only the tables of the models it migrates and leaves'
      : 'the migration leaves';
  return (
    `${which} without a model in this app: ${names}${more}; ${action} ` +
    `${orphans.length === 1 ? 'it' : 'them'} as ${orphans.length === 1 ? 'it is' : 'they are'} ` +
    '(drop what is no longer needed by hand or in a migration script)'
  );
}
