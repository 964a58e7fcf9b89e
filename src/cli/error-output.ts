import {existsSync} from 'node:fs';
import path from 'node:path';
import {MigrationScriptError, SchemaMigrationError} from '../errors';
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
 * Where an error that is not this package's (the app's own code failed, e.g.
 * a compiled file of its boot) was thrown, for the line printed without
 * `--verbose`: the file and line of a syntax error (Node puts them before
 * its message), else the first frame of the app's own code, outside
 * `node_modules` and Node itself (`getModelSchemaRef(undefined)` throws
 * inside reflect-metadata, called from the app's controller), else the
 * first frame. `undefined` for this package's errors (they say what failed
 * and where) and when the stack names no place.
 */
export function appErrorPlace(error: unknown): string | undefined {
  if (!(error instanceof Error) || error instanceof SchemaMigrationError) {
    return undefined;
  }
  const lines = (error.stack ?? '').split('\n');
  if (error instanceof SyntaxError && /:\d+$/.test(lines[0])) return lines[0];
  const frame =
    lines.find(line => isFrame(line) && !isLibraryFrame(line)) ??
    lines.find(isFrame);
  return frame?.trim().replace(/^at /, '');
}

/** The file a frame names: `f (/app/src/a.ts:12:5)` or `/app/src/a.ts:12:5`. */
const FRAME_FILE = /(?:^|\()((?:[A-Za-z]:)?[^():]+):\d+:\d+\)?$/;

/**
 * What to add to a place ({@link appErrorPlace}) whose file is not there:
 * a source map names a source file deleted since the build, whose compiled
 * file in the build output is stale (a deleted model's repository). Empty
 * when the file is there, or the place names no absolute path.
 */
export function goneFileNote(place: string): string {
  const file = FRAME_FILE.exec(place)?.[1];
  if (!file || !path.isAbsolute(file) || existsSync(file)) return '';
  return (
    ` ${file} is not there any more: its stale compiled file in the build ` +
    'output threw. Clean the build (`npm run rebuild` in an app made by lb4).'
  );
}

/** A line of a stack naming a frame (`    at f (file:1:2)`). */
function isFrame(line: string): boolean {
  return /^\s+at /.test(line);
}

/** A frame in a dependency (`node_modules`) or in Node itself. */
function isLibraryFrame(line: string): boolean {
  return /[/\\]node_modules[/\\]|\(?node:/.test(line);
}

/**
 * Where a failed migration script threw, for the line printed without
 * `--verbose`: the first frame of its error that is neither in
 * `node_modules` nor in Node itself, its own code (source-mapped for a
 * booted script). `undefined` when the error is not a script's own (the
 * database refused a statement: its stack is the driver's, and the message
 * names the statement) or names no such frame.
 */
export function scriptErrorPlace(error: unknown): string | undefined {
  if (!(error instanceof MigrationScriptError)) return undefined;
  const cause = (error as {cause?: unknown}).cause;
  if (!(cause instanceof Error) || cause instanceof SchemaMigrationError) {
    return undefined;
  }
  const frame = (cause.stack ?? '')
    .split('\n')
    .find(line => isFrame(line) && !isLibraryFrame(line));
  return frame?.trim().replace(/^at /, '');
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
  // A datasource a refusal stopped (after before-schema scripts ran) is only
  // planned: none of its statements was applied.
  const dataSources = report.dataSources.filter(ds => ds.status !== 'planned');
  return changed ? {...report, dataSources} : undefined;
}
