import {SchemaMigrationError} from '../errors';
import type {SchemaMigrationReport} from '../types';

/** An error as `--json` prints it: name, code, message, stack, its causes. */
export interface ErrorJson {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
  readonly stack?: string;
  readonly cause?: ErrorJson;
}

/** How deep a chain of causes is printed. */
const MAX_CAUSES = 5;

/** The JSON form of a thrown value, its chain of causes included. */
export function errorJson(error: unknown, depth = 0): ErrorJson {
  if (!(error instanceof Error)) {
    return {name: 'Error', message: String(error)};
  }
  const cause = (error as {cause?: unknown}).cause;
  return {
    name: error.name,
    ...(error instanceof SchemaMigrationError && {code: error.code}),
    message: error.message,
    ...(error.stack && {stack: error.stack}),
    ...(cause !== undefined &&
      depth < MAX_CAUSES && {cause: errorJson(cause, depth + 1)}),
  };
}

/**
 * The stacks `--verbose` prints, outermost first: an error that is not this
 * package's (the app's own code failed, e.g. its boot) with its own stack,
 * then those of the error's causes, where a failing script or the database
 * driver threw. Empty when there is none.
 */
export function causeStacks(error: unknown): string[] {
  const stacks: string[] =
    error instanceof Error &&
    !(error instanceof SchemaMigrationError) &&
    error.stack
      ? [error.stack]
      : [];
  let cause = (error as {cause?: unknown} | undefined)?.cause;
  for (let depth = 0; cause !== undefined && depth < MAX_CAUSES; depth++) {
    stacks.push(
      `caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`,
    );
    cause = (cause as {cause?: unknown}).cause;
  }
  return stacks;
}

/** The report a failure carries, when it says anything was changed. */
export function changesBeforeFailure(
  error: unknown,
): SchemaMigrationReport | undefined {
  const report = (error as {report?: SchemaMigrationReport} | undefined)
    ?.report;
  if (!report || report.dryRun) return undefined;
  const changed =
    report.dataSources.some(ds => ds.status === 'migrated') ||
    report.scripts.some(s => s.status === 'applied' || s.status === 'reverted');
  return changed ? report : undefined;
}
