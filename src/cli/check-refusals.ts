import {shownStatement} from '../dialects/shown-statement';
import {refusingStatements} from '../refusals';
import type {
  DataSourceMigrationResult,
  PlannedStatement,
  SchemaMigrationReport,
} from '../types';
import type {Paint} from './format';

/**
 * Why `--check` finds the plan refused: each statement that will fail, with
 * its reason, or (an update without `--accept-data-loss`, when none will
 * fail) each that would destroy data; its model and its statement on one
 * line. The summary only counted them (`refusal()`).
 */
export function checkRefusalLines(
  report: SchemaMigrationReport,
  acceptDataLoss: boolean,
  p: Paint,
): string[] {
  const dataSourceOf = new Map<PlannedStatement, DataSourceMigrationResult>();
  for (const ds of report.dataSources.filter(d => !d.beforeSchemaScripts)) {
    for (const s of ds.statements) dataSourceOf.set(s, ds);
  }
  const refused = refusingStatements([...dataSourceOf.keys()], {
    operation: report.operation,
    acceptDataLoss,
  });
  if (!refused) return [];
  return refused.statements.map(s => {
    const ds = dataSourceOf.get(s)!;
    const why =
      refused.why === 'will-fail'
        ? `${p.red('will fail:')} ${s.willFail}`
        : `${p.red('data loss:')} ${s.reason ?? 'may destroy stored data'}`;
    const where = s.model ? `model ${s.model}, ` : '';
    const sql = shownStatement(ds.connector, s.sql).replace(/\s+/g, ' ');
    return `  ${p.bold(ds.name)}: ${where}${why}\n    ${p.dim(sql)}`;
  });
}
