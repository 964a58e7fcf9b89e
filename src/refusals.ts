import {DataLossError, MigrationWillFailError} from './errors';
import type {ResolvedMigrationOptions} from './options';
import type {DataLoss} from './planner/data-loss';
import {dataLossMessage} from './planner/data-loss-message';
import {unchangedBeforeSchema} from './planner/refusal-scope';
import {
  willFailMessage,
  type PredictedFailure,
} from './planner/will-fail/message';
import type {
  DataSourceMigrationResult,
  MigrationOperation,
  PlannedStatement,
  SchemaMigrationReport,
} from './types';

/** What the refusals look at of one planned datasource. */
interface Judged {
  readonly planned: DataSourceMigrationResult;
  readonly losses: readonly DataLoss[];
  readonly failures: readonly PredictedFailure[];
}

/**
 * Refuse a run before anything changes: first for statements the database
 * would reject with the current data (accepting data loss would not help),
 * then, for an autoupdate without `acceptDataLoss`, for data it would destroy
 * (a rebuild destroys data by request; autoupdate promises to keep it).
 */
export function refuseBeforeChanges(
  prepared: readonly Judged[],
  report: SchemaMigrationReport,
  options: ResolvedMigrationOptions,
): void {
  const statements = prepared.flatMap(p => p.planned.statements);
  const failures = prepared.flatMap(p => p.failures);
  if (failures.length > 0) {
    // A rename the refusal comes from (a required property renamed: its
    // new column cannot be NOT NULL over the rows) says how to keep it.
    const hints = prepared
      .flatMap(p => p.losses)
      .filter(l => l.hint && failures.some(f => f.model === l.model))
      .map(l => `  - model ${l.model}: ${l.hint}`);
    throw new MigrationWillFailError(
      willFailMessage(failures, unchangedBeforeSchema(report)) +
        (hints.length > 0 ? `\nAlso:\n${hints.join('\n')}` : ''),
      statements.filter(s => s.willFail !== undefined),
      report,
    );
  }
  const losses = prepared.flatMap(p => p.losses);
  if (
    losses.length > 0 &&
    options.operation === 'autoupdate' &&
    !options.acceptDataLoss
  ) {
    throw new DataLossError(
      dataLossMessage(losses, unchangedBeforeSchema(report)),
      statements.filter(s => s.destructive),
      report,
    );
  }
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
  judging: RefusalJudging,
): string | undefined {
  const refused = refusingStatements(statements, judging);
  if (!refused) return undefined;
  const count = refused.statements.length;
  return refused.why === 'will-fail'
    ? `${count} statement(s) will fail`
    : `${count} statement(s) would destroy data (without --accept-data-loss)`;
}

/**
 * The statements that refuse a run of `statements`, and why: those the
 * database would reject with the current data, else (an autoupdate
 * without `acceptDataLoss`) those that destroy data; `undefined` for none.
 */
export function refusingStatements<S extends PlannedStatement>(
  statements: readonly S[],
  {operation, acceptDataLoss}: RefusalJudging,
): {why: 'will-fail' | 'data-loss'; statements: S[]} | undefined {
  const willFail = statements.filter(s => s.willFail);
  if (willFail.length > 0) return {why: 'will-fail', statements: willFail};
  const destructive = statements.filter(s => s.destructive);
  if (destructive.length > 0 && operation === 'autoupdate' && !acceptDataLoss)
    return {why: 'data-loss', statements: destructive};
  return undefined;
}
