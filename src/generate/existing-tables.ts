import {describeTable, type TableRef} from '../dialects/dialect';
import {statementTarget} from '../planner/statement-target';
import type {SchemaMigrationReport} from '../types';
import {plannedFor, presentAlready, SYNCED_AHEAD_FIX} from './present-already';
import type {ShadowTarget} from './shadow-context';

/**
 * A warning for each datasource whose generated script creates tables its
 * own database already has: they were made without a script (the schema
 * sync of `migrateSchema()`, most often on an app that had no scripts yet),
 * so `up()` fails there with "already exists". Reads the app's databases'
 * table lists; changes nothing.
 */
export async function tablesThatExistAlready(
  shadows: readonly ShadowTarget[],
  plan: SchemaMigrationReport,
): Promise<string[]> {
  return presentAlready(
    shadows,
    shadow => createdTablesPresent(shadow, plan),
    (dataSource, existing) =>
      `datasource "${dataSource}": the script creates ${existing.length} table(s) ` +
      `its own database already has (${existing.map(describeTable).join(', ')}), ` +
      'made without a script (by the schema sync of migrateSchema()): applied ' +
      'there, up() fails with "already exists". If this app has no scripts yet ' +
      'and migrateSchema() made its tables, delete this file and start with ' +
      '`migrate --generate initial --initial` (recorded as applied where the ' +
      'tables exist; see "Adopting generated scripts on an existing app"). If this app ' +
      'has scripts already (the schema sync changed that database after its last ' +
      `script): ${SYNCED_AHEAD_FIX}`,
  );
}

/**
 * The tables the shadow plan creates for `shadow` that the datasource's own
 * database has already (reads its table list; changes nothing).
 */
export async function createdTablesPresent(
  shadow: ShadowTarget,
  plan: SchemaMigrationReport,
): Promise<TableRef[]> {
  const {connector, dialect} = shadow;
  const fold = (name: string) => dialect.fold(name);
  const created: TableRef[] = plannedFor(plan, shadow).flatMap(s =>
    statementTarget(s.sql, fold).kind === 'create-table' && s.model
      ? [dialect.tableOf(connector, s.model)]
      : [],
  );
  if (created.length === 0) return [];
  const key = (t: TableRef) => `${t.schema}.${t.name}`;
  const schemas = [...new Set(created.map(t => t.schema))];
  const present = new Set(
    (await dialect.listTables(connector, schemas)).map(key),
  );
  return created.filter(t => present.has(key(t)));
}
