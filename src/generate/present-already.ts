import type {PlannedStatement, SchemaMigrationReport} from '../types';
import type {ShadowTarget} from './shadow-context';

/**
 * How to fix a generated script that repeats what the schema sync made on a
 * database after its last script: the change generated alone, recorded
 * there with `--baseline`.
 */
export const SYNCED_AHEAD_FIX =
  'delete this file; generate the change that database has already as a script of its ' +
  'own (with the models as that database has them: the newer changes left out), build, ' +
  'and record that script there as applied without running it (`migrate --baseline ' +
  '<its version>`); then put the newer changes back and generate again. Change that ' +
  "database with scripts only from then on (schemaSource: 'scripts').";

/**
 * One warning per datasource of a generated script whose own database has
 * already some of what the script makes: `present` reads that database
 * (changing nothing) and names what it found, `warning` words it.
 */
export async function presentAlready<T>(
  shadows: readonly ShadowTarget[],
  present: (shadow: ShadowTarget) => Promise<readonly T[]>,
  warning: (dataSource: string, found: readonly T[]) => string,
): Promise<string[]> {
  const warnings: string[] = [];
  for (const shadow of shadows) {
    const found = await present(shadow);
    if (found.length > 0) warnings.push(warning(shadow.target.name, found));
  }
  return warnings;
}

/** The statements the shadow plan holds for `shadow`'s datasource. */
export function plannedFor(
  plan: SchemaMigrationReport,
  {target}: ShadowTarget,
): readonly PlannedStatement[] {
  return plan.dataSources.find(ds => ds.name === target.name)?.statements ?? [];
}
