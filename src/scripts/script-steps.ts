import type {ResolvedMigrationOptions} from '../options';
import type {LockHolding} from '../runner/run-scope';
import type {SchemaMigrationReport} from '../types';
import type {ScriptRun} from './script-run';

/**
 * Run the pending scripts of `run` (see `runPendingScripts()`); their code
 * is loaded by the first run that has a script: a start without one never
 * loads it.
 */
export async function runPending(
  run: ScriptRun | undefined,
  report: SchemaMigrationReport,
  options: ResolvedMigrationOptions,
  holding: LockHolding,
): Promise<void> {
  if (!run) return;
  const {runPendingScripts} = await import('./run-pending');
  await runPendingScripts(run, report, options, holding);
}

/** `refuseChangedScripts()` of `run`, loaded as {@link runPending}. */
export async function refuseChanged(
  run: ScriptRun | undefined,
  report: SchemaMigrationReport,
  options: Pick<ResolvedMigrationOptions, 'acceptChecksumChanges'>,
): Promise<void> {
  if (!run) return;
  const {refuseChangedScripts} = await import('./changed-scripts');
  await refuseChangedScripts(run, report, options);
}
