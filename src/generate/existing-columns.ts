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
    shadow => plannedColumns(shadow, plan, 'add-column', true),
    (dataSource, existing) =>
      `datasource "${dataSource}": the script adds ${existing.length} column(s) ` +
      `its own database already has (${existing.join(', ')}), made without a script ` +
      '(by the schema sync of migrateSchema(), which changed that database after its ' +
      'last script): applied there, up() fails with "already exists" or "Duplicate ' +
      `column name". To fix it: ${SYNCED_AHEAD_FIX}`,
  );
}

/**
 * The same for the columns the script drops that its own database has not
 * any more: dropped there without a script, so `up()` fails with "does not
 * exist" (PostgreSQL) or "Can't DROP COLUMN" (MySQL).
 */
export async function columnsThatAreGoneAlready(
  shadows: readonly ShadowTarget[],
  plan: SchemaMigrationReport,
): Promise<string[]> {
  return presentAlready(
    shadows,
    shadow => plannedColumns(shadow, plan, 'drop-column', false),
    (dataSource, gone) =>
      `datasource "${dataSource}": the script drops ${gone.length} column(s) ` +
      `its own database has not (${gone.join(', ')}), dropped without a script ` +
      '(by the schema sync of migrateSchema(), which changed that database after its ' +
      'last script): applied there, up() fails with "does not exist" or "Can\'t DROP ' +
      `COLUMN". To fix it: ${SYNCED_AHEAD_FIX}`,
  );
}

/**
 * `"public"."todo"."note"` for each column the plan adds (or drops) that
 * the database has (`present`), or has not.
 */
async function plannedColumns(
  shadow: ShadowTarget,
  plan: SchemaMigrationReport,
  kind: 'add-column' | 'drop-column',
  present: boolean,
): Promise<string[]> {
  const {connector, dialect} = shadow;
  const planned: {table: TableRef; column: string}[] = plannedFor(
    plan,
    shadow,
  ).flatMap(s => {
    if (!s.model) return [];
    const table = dialect.tableOf(connector, s.model);
    return columnChanges(s.sql)
      .filter(c => c.kind === kind)
      .map(c => ({table, column: c.column}));
  });
  if (planned.length === 0) return [];
  const schemas = [...new Set(planned.map(a => a.table.schema))];
  const columnOf = (table: TableRef, column: string) =>
    `${tableKey(table)}.${dialect.columnKey(column)}`;
  const existing = new Set(
    (
      await dialect.columnTypes(connector, schemas, [
        ...new Set(planned.map(a => a.column)),
      ])
    ).map(c => columnOf({schema: c.schema, name: c.table}, c.column)),
  );
  // A column missing from a table that is missing too (a new database,
  // its scripts all pending) is not one dropped without a script.
  const tables = new Set(
    present ? [] : (await dialect.listTables(connector, schemas)).map(tableKey),
  );
  return planned
    .filter(a =>
      present
        ? existing.has(columnOf(a.table, a.column))
        : tables.has(tableKey(a.table)) &&
          !existing.has(columnOf(a.table, a.column)),
    )
    .map(a => `${describeTable(a.table)}."${a.column}"`);
}
