import {dialectFor} from '../dialects';
import type {ScriptTarget} from './data-source';
import type {LoadedScript} from './load';
import type {PendingScript} from './status';

/** Why an initial script is recorded as applied instead of run, for the report. */
export const INITIAL_BASELINE_REASON =
  'initial script (initial = true): the database already has tables of the ' +
  "datasource's models, made before versioned scripts were adopted; recorded " +
  'as applied without running (baseline)';

/** Why a dry run counts an initial script as applied: the run would record it. */
export const INITIAL_DRY_RUN_REASON =
  'initial script (initial = true): the database already has tables of the ' +
  "datasource's models, made before versioned scripts were adopted; counts " +
  'as applied, not run (dry run: not recorded)';

/**
 * Whether a pending script is an initial one (`initial = true`, written by
 * `migrate --generate NAME --initial`) whose datasource already holds a
 * table of one of its models: then it is recorded as applied, not run.
 */
export async function adoptsExistingSchema(
  script: LoadedScript,
  target: ScriptTarget,
): Promise<boolean> {
  if (script.instance.initial !== true) return false;
  const dialect = dialectFor(target.connectorName);
  const connector = target.dataSource.connector;
  if (!dialect || !connector) return false;
  const tables = Object.keys(connector._models ?? {}).map(model =>
    dialect.tableOf(connector, model),
  );
  if (tables.length === 0) return false;
  return (await dialect.existingTables(connector, tables)).length > 0;
}

/**
 * The pending scripts with the initial ones first (the others in their
 * order). An initial script is the whole schema of its models: where it
 * runs (a new database), the scripts of lower versions (written when the
 * schema sync made the tables: a back-fill, a seed) need its tables; where
 * the tables exist, it is only recorded, and its place changes nothing.
 */
export function initialScriptsFirst(
  pending: readonly PendingScript[],
): PendingScript[] {
  const initial = (p: PendingScript) => p.script.instance.initial === true;
  return [...pending.filter(initial), ...pending.filter(p => !initial(p))];
}
