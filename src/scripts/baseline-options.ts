import {InvalidMigrationOptionsError} from '../errors';
import {millisecondsProblem, optionKeysProblem} from '../options';
import type {BaselineMigrationsOptions} from './types';

const KNOWN = ['to', 'dataSources', 'lockTimeoutMs'];

/**
 * Check the options of `baselineMigrations()`. The caller's object is not
 * changed.
 *
 * @throws InvalidMigrationOptionsError saying what is wrong
 */
export function checkBaselineOptions(
  options: BaselineMigrationsOptions = {},
): BaselineMigrationsOptions {
  const shapeProblem = optionKeysProblem(options, KNOWN);
  if (shapeProblem) throw invalid(shapeProblem);
  const {to, dataSources, lockTimeoutMs} = options;
  if (to !== undefined && (typeof to !== 'string' || to === '')) {
    throw invalid(`to must be a version, got ${JSON.stringify(to)}`);
  }
  if (
    dataSources !== undefined &&
    (!Array.isArray(dataSources) ||
      dataSources.some(name => typeof name !== 'string' || name === ''))
  ) {
    throw invalid(
      `dataSources must be an array of datasource names, got ${JSON.stringify(dataSources)}`,
    );
  }
  const timeoutProblem =
    lockTimeoutMs === undefined
      ? undefined
      : millisecondsProblem('lockTimeoutMs', lockTimeoutMs, 0);
  if (timeoutProblem) throw invalid(timeoutProblem);
  return {...options};
}

function invalid(message: string): InvalidMigrationOptionsError {
  return new InvalidMigrationOptionsError(
    `Invalid baselineMigrations() options: ${message}`,
  );
}
