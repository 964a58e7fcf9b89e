import {describeNumber, MAX_TIMEOUT_MS, tooLong} from '../options';
import type {MigrationScript} from './types';

/** The longest version and class name the ledger keeps. */
export const MAX_VERSION_LENGTH = 255;

/**
 * What is wrong with a script instance, in words, or `undefined` when it
 * has the shape of a {@link MigrationScript}.
 */
export function scriptProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) {
    return `is ${value === null ? 'null' : typeof value}, not a script object`;
  }
  const script = value as Partial<Record<keyof MigrationScript, unknown>>;
  if (typeof script.up !== 'function') {
    return 'has no up() method: a migration script needs `async up(ctx)`, which applies it';
  }
  if (script.down !== undefined && typeof script.down !== 'function') {
    return `has a down that is ${typeof script.down}, not a method`;
  }
  const {version} = script;
  if (typeof version !== 'string' || version.trim() === '') {
    return (
      `has no version (got ${describe(version)}): set a unique version, ` +
      "e.g. `version = '1.1.0'`"
    );
  }
  if (version !== version.trim()) {
    return `has a version with surrounding white space (${JSON.stringify(version)})`;
  }
  if (version.length > MAX_VERSION_LENGTH) {
    return `has a version longer than ${MAX_VERSION_LENGTH} characters`;
  }
  const name = className(value);
  if (name.length > MAX_VERSION_LENGTH) {
    // MySQL would run it, then fail to record it: it would run on every start.
    return (
      `has a class name of ${name.length} characters; the ledger keeps ` +
      `${MAX_VERSION_LENGTH}: give it a shorter name`
    );
  }
  if (
    script.description !== undefined &&
    typeof script.description !== 'string'
  ) {
    return `has a description that is ${typeof script.description}, not a string`;
  }
  const {runs} = script;
  if (
    runs !== undefined &&
    runs !== 'before-schema' &&
    runs !== 'after-schema'
  ) {
    return `has runs = ${describe(runs)}: use 'before-schema' or 'after-schema' (the default)`;
  }
  const {timeoutMs} = script;
  if (
    timeoutMs !== undefined &&
    !(
      typeof timeoutMs === 'number' &&
      Number.isFinite(timeoutMs) &&
      timeoutMs >= 1
    )
  ) {
    return `has timeoutMs = ${describeNumber(timeoutMs)}: set a number of milliseconds (1 or more), or leave it out for the run's scriptTimeoutMs`;
  }
  if (timeoutMs !== undefined && timeoutMs > MAX_TIMEOUT_MS) {
    return `has timeoutMs = ${timeoutMs}: ${tooLong('timeoutMs', timeoutMs)}`;
  }
  for (const flag of ['transaction', 'initial', 'coveredByInitial'] as const) {
    const value = script[flag];
    if (value !== undefined && typeof value !== 'boolean') {
      // A string 'false' would be taken as true.
      return `has ${flag} = ${describe(value)}: set true or false (a boolean), or leave it out`;
    }
  }
  const {irreversible} = script;
  if (
    irreversible !== undefined &&
    (typeof irreversible !== 'string' || irreversible.trim() === '')
  ) {
    return `has an irreversible that is ${describe(irreversible)}, not words saying why it cannot be reverted`;
  }
  const {dataSource} = script;
  if (
    dataSource !== undefined &&
    (typeof dataSource !== 'string' || dataSource === '')
  ) {
    return `has a dataSource that is ${describe(dataSource)}, not a datasource name`;
  }
  return undefined;
}

/** A class's name for messages: `SeedDefaultLists`, or `(anonymous class)`. */
export function className(value: unknown): string {
  const ctor =
    typeof value === 'function'
      ? value
      : (value as {constructor?: unknown} | null)?.constructor;
  const name = typeof ctor === 'function' ? ctor.name : '';
  return name || '(anonymous class)';
}

function describe(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : value === null
      ? 'null'
      : typeof value;
}
