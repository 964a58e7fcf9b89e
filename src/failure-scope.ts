import {unchangedBeforeSchema} from './planner/refusal-scope';
import type {SchemaMigrationReport} from './types';

/**
 * What stays changed when a run fails on datasource `dataSource` before
 * changing it: nothing (`Nothing was changed.`), the migration scripts with
 * `runs = 'before-schema'` that ran first, or the datasources the run
 * migrated before it (and those scripts), which stay.
 */
export function unchangedAtFailure(
  report: SchemaMigrationReport,
  dataSource: string,
): string {
  const migrated = report.dataSources
    .filter(r => r.name !== dataSource && r.status === 'migrated')
    .map(r => `"${r.name}"`);
  if (migrated.length === 0) return unchangedBeforeSchema(report);
  const scripts = report.scripts
    .filter(s => s.status === 'applied')
    .map(s => s.version);
  return (
    `Datasource "${dataSource}" was not changed; ` +
    (migrated.length === 1
      ? `datasource ${migrated[0]} was migrated before it and stays migrated`
      : `datasources ${migrated.join(', ')} were migrated before it and stay migrated`) +
    (scripts.length === 0
      ? ''
      : `, as the migration script(s) ${scripts.join(', ')} (runs = 'before-schema') ` +
        'that ran first stay applied') +
    '.'
  );
}

/** `unchanged` (see {@link unchangedAtFailure}) after a rolled-back transaction. */
export function rolledBackUnchanged(unchanged: string): string {
  return `The transaction was rolled back: ${unchanged[0].toLowerCase()}${unchanged.slice(1)}`;
}
