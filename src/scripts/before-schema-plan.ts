import {refusedStatements, type RefusalJudging} from '../refusals';
import type {DataSourceMigrationResult} from '../types';
import type {MigrationScriptResult} from './types';

type Result = DataSourceMigrationResult;

/**
 * A dry run's datasources whose migration scripts with `runs =
 * 'before-schema'` are pending: each gets their number
 * (`beforeSchemaScripts`) and, when its plan would be refused as the
 * database is now, a warning that a real run judges the plan again after
 * those scripts (which run first; a back-fill may make the change possible).
 * The others are returned as they are.
 */
export function markPlansBeforeScripts(
  results: readonly Result[],
  pending: readonly MigrationScriptResult[],
  judging: RefusalJudging,
): Result[] {
  return results.map(result => {
    const scripts = pending.filter(s => s.dataSource === result.name).length;
    if (scripts === 0) return result;
    const refused = refusedStatements(result.statements, judging);
    return {
      ...result,
      beforeSchemaScripts: scripts,
      warnings: refused
        ? [
            ...result.warnings,
            `${refused} as the database is now, but ${scripts} migration ` +
              `script(s) with runs = 'before-schema' of this datasource are pending: ` +
              'a real run runs them first, then plans and judges the schema change again',
          ]
        : result.warnings,
    };
  });
}
