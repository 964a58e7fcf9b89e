import type {Context} from '@loopback/core';
import type {SchemaMigrationReport} from '../types';
import type {ScriptTarget} from './data-source';
import {MIGRATION_SCRIPT_TAG} from './keys';
import type {LoadedScript} from './load';
import {holdsModelTables} from './model-tables';
import type {PendingScript} from './status';
import type {MigrationScript} from './types';
import {compareVersions} from './version-order';

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
  return (await holdsModelTables(target)) === true;
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

/**
 * The app's initial scripts (`initial = true`) of `dataSource`: a script
 * without `dataSource` counts as its (the app's one datasource).
 */
export async function initialScriptsOf(
  app: Context,
  dataSource: string,
): Promise<MigrationScript[]> {
  const scripts: MigrationScript[] = [];
  for (const binding of app.findByTag(MIGRATION_SCRIPT_TAG)) {
    const script = await app.get<MigrationScript>(binding.key);
    if (script.initial !== true) continue;
    if ((script.dataSource ?? dataSource) === dataSource) scripts.push(script);
  }
  return scripts;
}

/**
 * The versions of the initial scripts of `dataSource` this run applied
 * (`applied`), or, in a dry run, would run (`pending`): the database had
 * no table of their models (a new database, the shadow one of
 * `--generate` included), and they made the tables as the models declare
 * them now.
 */
async function initialScriptsRun(
  app: Context,
  report: SchemaMigrationReport,
  dataSource: string,
): Promise<string[]> {
  const ran = new Set(
    report.scripts
      .filter(
        s =>
          s.dataSource === dataSource &&
          (s.status === 'applied' || s.status === 'pending'),
      )
      .map(s => s.version),
  );
  return (await initialScriptsOf(app, dataSource))
    .map(script => script.version)
    .filter(version => ran.has(version));
}

/**
 * The initial script that covers `script` in this run: its datasource's,
 * of a higher version, run (a dry run: to be run) before it on this
 * database, when `script` declares `coveredByInitial = true`. The script is
 * then recorded as applied without running: the initial script made what
 * it changes (see `MigrationScript.coveredByInitial`).
 */
export async function coveringInitial(
  app: Context,
  report: SchemaMigrationReport,
  script: LoadedScript,
): Promise<string | undefined> {
  if (script.instance.coveredByInitial !== true) return undefined;
  const initial = await initialScriptsRun(app, report, script.dataSource);
  return initial.find(version => compareVersions(script.version, version) < 0);
}

/** Why a script covered by an initial script is recorded as applied, not run. */
export function coveredReason(initialVersion: string, dryRun: boolean): string {
  return (
    `coveredByInitial: the initial script ${initialVersion} ran first on this database and ` +
    'made the tables as the models declare them now, what this script changes included; ' +
    (dryRun
      ? 'counts as applied, not run (dry run: not recorded)'
      : 'recorded as applied without running (baseline)')
  );
}

/**
 * What to do about a script that failed after the initial script of its
 * datasource, of a higher version, ran in the same run (a new database,
 * the shadow one of `--generate` included): the initial script made the
 * tables as the models declare them now, and a script written before it,
 * for the tables the schema sync had made then, finds that schema instead
 * (a column it renames is renamed already, a table it fills has another
 * name). `''` otherwise.
 */
export async function afterInitialHint(
  app: Context,
  report: SchemaMigrationReport,
  failed: {readonly dataSource: string; readonly version: string},
): Promise<string> {
  // Scripts of a higher version were written for the schema it makes.
  const [initial] = (
    await initialScriptsRun(app, report, failed.dataSource)
  ).filter(version => compareVersions(failed.version, version) < 0);
  if (initial === undefined) return '';
  return (
    ` It ran after the initial script ${initial}, which made the tables as the ` +
    'models declare them now (on a new database it runs first): a script written before ' +
    'it finds that schema, not the one it was written for. If the initial script makes ' +
    'what it changes (a rename, a type change), declare `coveredByInitial = true` in it: ' +
    'where an initial script runs it is then recorded as applied without running, and ' +
    'nothing changes where it ran before. Otherwise make it do nothing where its change is ' +
    'made already (look for the column or table first) and use the names the models have ' +
    'now; the databases it ran on before then refuse its changed code until one run with ' +
    '--accept-checksum-changes.'
  );
}
