import {describeTable, tableKey, type TableRef} from '../dialects/dialect';
import {columnChanges} from '../planner/alter-clauses';
import type {SchemaMigrationReport} from '../types';
import {plannedFor, presentAlready, SYNCED_AHEAD_FIX} from './present-already';
import type {ShadowTarget} from './shadow-context';

/**
 * A warning for each datasource whose generated script adds columns that
 * its own database has already: made without a script, by the schema sync
 * of `migrateSchema()` run on a database that scripts also change (a model
 * change migrated before this one was generated), so `up()` fails there
 * with "already exists" (PostgreSQL) or "Duplicate column name" (MySQL).
 * Reads the app's databases' columns; changes nothing.
 */
export async function columnsThatExistAlready(
  shadows: readonly ShadowTarget[],
  plan: SchemaMigrationReport,
): Promise<string[]> {
  return presentAlready(
    shadows,
    shadow => addedColumnsPresent(shadow, plan),
    (dataSource, existing) =>
      `datasource "${dataSource}": the script adds ${existing.length} column(s) ` +
      `its own database already has (${existing.join(', ')}), made without a script ` +
      '(by the schema sync of migrateSchema(), which changed that database after its ' +
      'last script): applied there, up() fails with "already exists" or "Duplicate ' +
      `column name". To fix it: ${SYNCED_AHEAD_FIX}`,
  );
}

/** `"public"."todo"."note"` for each column the plan adds that the database has. */
async function addedColumnsPresent(
  shadow: ShadowTarget,
  plan: SchemaMigrationReport,
): Promise<string[]> {
  const {connector, dialect} = shadow;
  const added: {table: TableRef; column: string}[] = plannedFor(
    plan,
    shadow,
  ).flatMap(s => {
    if (!s.model) return [];
    const table = dialect.tableOf(connector, s.model);
    return columnChanges(s.sql)
      .filter(c => c.kind === 'add-column')
      .map(c => ({table, column: c.column}));
  });
  if (added.length === 0) return [];
  const columnOf = (table: TableRef, column: string) =>
    `${tableKey(table)}.${dialect.columnKey(column)}`;
  const present = new Set(
    (
      await dialect.columnTypes(
        connector,
        [...new Set(added.map(a => a.table.schema))],
        [...new Set(added.map(a => a.column))],
      )
    ).map(c => columnOf({schema: c.schema, name: c.table}, c.column)),
  );
  return added
    .filter(a => present.has(columnOf(a.table, a.column)))
    .map(a => `${describeTable(a.table)}."${a.column}"`);
}
