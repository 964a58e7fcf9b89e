import type {
  BaselineMigrationsOptions,
  RevertMigrationsOptions,
} from '../scripts/types';

/**
 * What `--revert` / `--revert-to VERSION` prints when it reverted nothing:
 * with a version, none is applied above it (scripts at or below it may be).
 */
export function nothingToRevert(options: RevertMigrationsOptions): string {
  return options.to === undefined
    ? 'Nothing to revert: no migration script is applied.'
    : `Nothing to revert: no migration script above ${options.to} is applied.`;
}

/**
 * What `--baseline [VERSION] [--datasources ...]` prints when it recorded
 * nothing: every script it was asked for (up to that version, of those
 * datasources) is recorded already; later ones may not be.
 */
export function nothingToBaseline(options: BaselineMigrationsOptions): string {
  const upTo = options.to === undefined ? '' : ` up to ${options.to}`;
  const of = options.dataSources
    ? ` of datasource(s) ${options.dataSources.join(', ')}`
    : '';
  return `Nothing to baseline: every migration script${upTo}${of} is recorded already.`;
}
