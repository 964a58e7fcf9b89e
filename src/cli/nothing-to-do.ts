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
 * datasources) is recorded already; later ones may not be. When the app
 * registered no script at all (`registered`, the count, is 0), that, and
 * where scripts go. When the report warned that the datasources asked for
 * have no script (`warnings`), that.
 */
export function nothingToBaseline(
  options: BaselineMigrationsOptions,
  registered?: number,
  warnings: readonly string[] = [],
): string {
  if (registered === 0) {
    return (
      'Nothing to baseline: the app has no migration scripts. Its boot finds them in ' +
      'migrations/*.migration.js of the build (src/migrations/*.migration.ts in the source), ' +
      'as classes decorated with @migrationScript(); app.migrationScript(MyScript) registers ' +
      "one too. migrate --generate NAME writes one of the models' pending changes."
    );
  }
  if (warnings.length > 0) return `Nothing to baseline: ${warnings.join(' ')}`;
  const upTo = options.to === undefined ? '' : ` up to ${options.to}`;
  const of = options.dataSources
    ? ` of datasource(s) ${options.dataSources.join(', ')}`
    : '';
  return `Nothing to baseline: every migration script${upTo}${of} is recorded already.`;
}
