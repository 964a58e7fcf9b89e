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

/**
 * Where an error of the app's own code was thrown, for the line printed
 * without `--verbose`: the first place in its stack outside Node and
 * `node_modules` (a compiled file that does not parse names itself on the
 * stack's first line: `dist/controllers/x.controller.js:21`). `undefined`
 * for this package's errors and where there is no such place.
 */
export function appErrorLocation(error: unknown): string | undefined {
  if (!(error instanceof Error) || error instanceof SchemaMigrationError) {
    return undefined;
  }
  const lines = (error.stack ?? '').split('\n');
  // A SyntaxError's stack starts with the place that does not parse.
  const header =
    !lines[0].startsWith(error.name) && /:\d+$/.test(lines[0])
      ? [lines[0]]
      : [];
  const places = header.concat(
    lines.flatMap(line => {
      const frame = /^\s+at (?:.* \((.+)\)|(.+))$/.exec(line);
      return frame ? [frame[1] ?? frame[2]] : [];
    }),
  );
  return places.find(
    place => !place.startsWith('node:') && !place.includes('/node_modules/'),
  );
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
