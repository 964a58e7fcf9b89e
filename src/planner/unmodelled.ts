import {describeTable} from '../dialects/dialect';
import type {MigrationOperation} from '../types';
import type {ListedTable, TableRef} from '../dialects/dialect';

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
 * made by hand): a migration never touches them, a rebuild included. A
 * partition is part of its partitioned table, named (when no model has it)
 * in its stead.
 */
export function unmodelledTablesWarning(
  present: readonly ListedTable[],
  owned: TableOwnership,
  operation: MigrationOperation,
): string | undefined {
  const orphans = present.filter(table => !table.partition && !owned(table));
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

/**
 * The warning for each table of another schema that belongs to no model and
 * has the name of a table the plan creates: the old table of a model moved
 * to another schema (`postgresql.schema`), whose rows stay in it.
 */
export function movedTablesWarnings(
  created: readonly {readonly model: string; readonly table: TableRef}[],
  namedElsewhere: readonly TableRef[],
  owned: TableOwnership,
): string[] {
  return namedElsewhere
    .filter(old => !owned(old))
    .flatMap(old =>
      created
        .filter(({table}) => table.name === old.name)
        .map(
          ({model, table}) =>
            `table ${describeTable(old)} without a model in this app has the ` +
            `name of the table created for model ${model}, ${describeTable(table)}: ` +
            `if the model moved from schema "${old.schema}", its rows stay in the old ` +
            'table and the new one starts empty (move them in a migration script, ' +
            `INSERT INTO ${describeTable(table)} SELECT ... FROM ${describeTable(old)}, ` +
            `or instead, before migrating, ALTER TABLE ${describeTable(old)} SET SCHEMA "${table.schema}")`,
        ),
    );
}
