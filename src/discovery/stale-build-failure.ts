import {
  staleBuildFiles,
  staleBuildFileWarning,
  type StaleBuildFile,
} from './stale-build-files';

/**
 * Put the warnings for the stale build files a run found on an error of
 * the run that carries no report (the report's `warnings` would have
 * them), as the error's own `staleBuildFileWarnings`, which
 * `console.error(err)` prints when there is one: a stale repository whose
 * model's source was deleted with it fails before the report is made
 * (`Cannot read properties of undefined (reading 'definition')`), and the
 * stale file is what explains it. The error is not wrapped: its class,
 * message and stack stay as thrown.
 */
export async function noteStaleBuildFiles(
  error: unknown,
  found: Promise<readonly StaleBuildFile[]>,
): Promise<void> {
  if (!(error instanceof Error) || hasReport(error)) return;
  if (!Object.isExtensible(error)) return;
  const files = await found.catch(() => []);
  // Also when there is none, so that the command line does not look again.
  Object.defineProperty(error, NOTED, {
    value: files.map(stale => staleBuildFileWarning(stale, 'failed')),
    enumerable: files.length > 0,
    configurable: true,
    writable: true,
  });
}

/**
 * The stale-build-file warnings of a failure: none when it carries a
 * report (its `warnings` have them), those the run put on it, else those
 * found now in the app's build output (the failure came before the run
 * looked: in the app's boot).
 */
export async function staleBuildFileWarningsOfFailure(
  error: unknown,
  app: object | undefined,
): Promise<readonly string[]> {
  if (hasReport(error)) return [];
  const noted = (error as Record<string, unknown> | undefined)?.[NOTED];
  if (Array.isArray(noted)) return noted.map(String);
  if (!app) return [];
  const files = await staleBuildFiles(app).catch(() => []);
  return files.map(stale => staleBuildFileWarning(stale, 'failed'));
}

/** The property of a failed run's error holding its stale-file warnings. */
const NOTED = 'staleBuildFileWarnings';

function hasReport(error: unknown): boolean {
  return (error as {report?: unknown} | undefined)?.report !== undefined;
}
