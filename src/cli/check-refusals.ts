import {shownStatement} from '../dialects/shown-statement';
import type {SchemaMigrationReport} from '../types';
import type {Paint} from './format';

/**
 * Why `--check` finds the plan refused: each statement that will fail, with
 * its reason, or (an update without `--accept-data-loss`, when none will
 * fail) each that would destroy data; its model and its statement on one
 * line. The summary only counted them.
 */
export function checkRefusalLines(
  report: SchemaMigrationReport,
  acceptDataLoss: boolean,
  p: Paint,
): string[] {
  const statements = report.dataSources
    .filter(ds => !ds.beforeSchemaScripts)
    .flatMap(ds => ds.statements.map(s => ({ds, s})));
  const failing = statements.filter(({s}) => s.willFail);
  const refused =
    failing.length > 0
      ? failing
      : report.operation === 'autoupdate' && !acceptDataLoss
        ? statements.filter(({s}) => s.destructive)
        : [];
  return refused.map(({ds, s}) => {
    const why =
      failing.length > 0
        ? `${p.red('will fail:')} ${s.willFail}`
        : `${p.red('data loss:')} ${s.reason ?? 'may destroy stored data'}`;
    const where = s.model ? `model ${s.model}, ` : '';
    const sql = shownStatement(ds.connector, s.sql).replace(/\s+/g, ' ');
    return `  ${p.bold(ds.name)}: ${where}${why}\n    ${p.dim(sql)}`;
  });
}
