import {errorMessage} from '../database-error';
import {
  MigrationScriptError,
  SchemaDriftError,
  ShadowDatabaseError,
} from '../errors';
import type {GeneratedMigration} from '../generate/generate';
import type {GenerateMigrationOptions} from '../generate/options';
import {
  driftMessage,
  isPendingScriptsWarning,
  schemaDifferences,
} from '../scripts/drift';
import type {SchemaMigrationOptions, SchemaMigrationReport} from '../types';
import {refuseDatabaseUnlikeItsScripts} from './database-unlike-scripts';

/**
 * How this check plans on shadow databases: `generateMigrationScript()`,
 * leaving the `skipScripts` versions out there.
 */
export type GenerateMethod = (
  name: string,
  options?: GenerateMigrationOptions,
  skipScripts?: ReadonlySet<string>,
) => Promise<GeneratedMigration>;

/**
 * Whether the models were compared with what the pending scripts make:
 * `'covered'` when they make it, `'not compared'` when no shadow database
 * could be made (a warning in the report says why).
 */
export type ScriptsCoverage = 'covered' | 'not compared';

/**
 * For `--check --schema-source scripts` while scripts are pending (the
 * database cannot show what they will make): compare the models with what
 * every script makes, on a shadow database (as `--generate` does, writing
 * nothing). A difference is a `SchemaDriftError` (exit 4): a model change no
 * script covers. When no shadow database can be made, a warning in the
 * report says the models were not compared.
 *
 * @returns whether the models were compared (and the scripts cover them)
 * @throws SchemaDriftError listing the differences
 */
export async function checkScriptsCoverModels(
  generate: GenerateMethod,
  options: SchemaMigrationOptions,
  report: SchemaMigrationReport,
  shadowDatabase?: GenerateMigrationOptions['shadowDatabase'],
): Promise<ScriptsCoverage> {
  let plan: SchemaMigrationReport;
  // Set when the models' statements fail on the shadow database.
  let refused = '';
  const generateOptions: GenerateMigrationOptions = {
    dryRun: true,
    ...(shadowDatabase !== undefined ? {shadowDatabase} : {}),
    ...(options.dataSources ? {dataSources: options.dataSources} : {}),
    ...(options.models ? {models: options.models} : {}),
  };
  try {
    const generated = await generate('check', generateOptions);
    plan = generated.report;
  } catch (err) {
    if (!(err instanceof ShadowDatabaseError)) throw err;
    // A pending script that fails there fails the deploy of a new database.
    if (err.cause instanceof MigrationScriptError) throw err;
    if (!err.plan) {
      report.warnings.push(
        'migration scripts are pending, and the models could not be compared ' +
          `with what they make on a shadow database: ${err.message}`,
      );
      return 'not compared';
    }
    // The models need statements beyond the scripts, and one fails there.
    plan = err.plan;
    refused = `\nOn the shadow database, one of them fails: ${errorMessage(err.cause)}.`;
  }
  // Compared: the dry run's advice to compare them no longer applies.
  withoutPendingScriptsWarning(report);
  const differences = schemaDifferences(plan);
  if (differences.length === 0) {
    await refuseDatabaseUnlikeItsScripts(report, pending =>
      generate('check', generateOptions, pending).then(
        generated => generated.report,
        // Planned, though a statement of the plan failed there: the plan
        // is what is compared.
        (err: unknown) => {
          if (err instanceof ShadowDatabaseError && err.plan) return err.plan;
          throw err;
        },
      ),
    );
    return 'covered';
  }
  throw new SchemaDriftError(
    `${driftMessage(differences).replace(
      'after the migration scripts',
      'after every migration script (pending ones included, applied to a shadow database)',
    )}${refused}\nFix: write a migration script for the model change ` +
      '(migrate --generate NAME), build, and check again.',
    differences.map(d => d.statement),
    report,
  );
}

/**
 * Drop the dry run's warning that the models were not compared with what
 * the pending scripts make: it points at this very check, which did
 * (whether it found them covered or a drift).
 */
function withoutPendingScriptsWarning(report: SchemaMigrationReport): void {
  const at = report.warnings.findIndex(isPendingScriptsWarning);
  if (at >= 0) report.warnings.splice(at, 1);
}

/**
 * For `--check --schema-source scripts` stopped by the drift of a datasource
 * without pending scripts (judged as the deploy will): the dry run's
 * warning about the pending scripts advises this very check, which did not
 * get to compare the models with them. Say so instead, in the error's report.
 */
export function notComparedAfterDrift(err: unknown): void {
  if (!(err instanceof SchemaDriftError)) return;
  const {warnings} = err.report;
  const at = warnings.findIndex(isPendingScriptsWarning);
  if (at < 0) return;
  const pending = err.report.scripts.filter(s => s.status === 'pending');
  warnings[at] =
    `${pending.length} migration script(s) are pending: the models of their ` +
    'datasource(s) were not compared with what they make, as the check ' +
    'stopped at the drift above; fix it, then check again.';
}
