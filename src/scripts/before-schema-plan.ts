import type {MigrationOperation} from '../types';
import type {DataSourceMigrationResult, PlannedStatement} from '../types';
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

/** What decides whether statements are refused: the operation and the flag. */
export interface RefusalJudging {
  readonly operation: MigrationOperation;
  readonly acceptDataLoss: boolean;
}

/**
 * Why a run of these statements would be refused, or `undefined`: some the
 * database would reject with the current data, or (an autoupdate without
 * `acceptDataLoss`) some that destroy data.
 */
export function refusedStatements(
  statements: readonly PlannedStatement[],
  {operation, acceptDataLoss}: RefusalJudging,
): string | undefined {
  const willFail = statements.filter(s => s.willFail).length;
  if (willFail > 0) return `${willFail} statement(s) will fail`;
  const destructive = statements.filter(s => s.destructive).length;
  if (destructive > 0 && operation === 'autoupdate' && !acceptDataLoss)
    return `${destructive} statement(s) would destroy data (without --accept-data-loss)`;
  return undefined;
}
