import {dialectFor} from '../dialects';
import type {ScriptTarget} from './data-source';
import type {LoadedScript} from './load';

/** Why an initial script is recorded as applied instead of run, for the report. */
export const INITIAL_BASELINE_REASON =
  'initial script (initial = true): the database already has tables of the ' +
  "datasource's models, made before versioned scripts were adopted; recorded " +
  'as applied without running (baseline)';

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
