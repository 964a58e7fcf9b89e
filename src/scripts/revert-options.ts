import {InvalidMigrationOptionsError} from '../errors';
import {
  describeNumber,
  describeValue,
  millisecondsProblem,
  optionKeysProblem,
} from '../options';
import type {RevertMigrationsOptions} from './types';

/** Revert options after validation. */
export type ResolvedRevertOptions =
  | {readonly steps: number; readonly to?: undefined}
  | {readonly to: string; readonly steps?: undefined};

/** The resolved options, with the lock and checksum settings. */
export type ResolvedRevert = ResolvedRevertOptions & {
  readonly acceptChecksumChanges: boolean;
  readonly acceptDataLoss: boolean;
  readonly lockTimeoutMs?: number;
};

const KNOWN = [
  'steps',
  'to',
  'acceptChecksumChanges',
  'acceptDataLoss',
  'lockTimeoutMs',
];

/**
 * Check the options of `revertMigrations()`; without `steps` or `to`, one
 * script is reverted. The caller's object is not changed.
 *
 * @throws InvalidMigrationOptionsError saying what is wrong
 */
export function resolveRevertOptions(
  options: RevertMigrationsOptions = {},
): ResolvedRevert {
  const shapeProblem = optionKeysProblem(options, KNOWN);
  if (shapeProblem) throw invalid(shapeProblem);
  const {steps, to, acceptChecksumChanges, acceptDataLoss, lockTimeoutMs} =
    options;
  if (steps !== undefined && to !== undefined) {
    throw invalid(
      'give steps or to, not both (steps counts scripts; to names the version that stays applied)',
    );
  }
  if (
    steps !== undefined &&
    (typeof steps !== 'number' ||
      !(Number.isInteger(steps) || steps === Infinity) ||
      steps < 1)
  ) {
    throw invalid(
      `steps must be a whole number of scripts, 1 or more (Infinity reverts all), got ${describeNumber(steps)}`,
    );
  }
  if (to !== undefined && (typeof to !== 'string' || to === '')) {
    throw invalid(`to must be a version, got ${JSON.stringify(to)}`);
  }
  if (
    acceptChecksumChanges !== undefined &&
    typeof acceptChecksumChanges !== 'boolean'
  ) {
    throw invalid(
      `acceptChecksumChanges must be true or false, got ${describeValue(acceptChecksumChanges)}`,
    );
  }
  if (acceptDataLoss !== undefined && typeof acceptDataLoss !== 'boolean') {
    throw invalid(
      `acceptDataLoss must be true or false, got ${describeValue(acceptDataLoss)}`,
    );
  }
  const timeoutProblem =
    lockTimeoutMs === undefined
      ? undefined
      : millisecondsProblem('lockTimeoutMs', lockTimeoutMs, 0);
  if (timeoutProblem) throw invalid(timeoutProblem);
  const base = {
    acceptChecksumChanges: acceptChecksumChanges ?? false,
    acceptDataLoss: acceptDataLoss ?? false,
    lockTimeoutMs,
  };
  return to !== undefined ? {...base, to} : {...base, steps: steps ?? 1};
}

function invalid(message: string): InvalidMigrationOptionsError {
  return new InvalidMigrationOptionsError(
    `Invalid revertMigrations() options: ${message}`,
  );
}
