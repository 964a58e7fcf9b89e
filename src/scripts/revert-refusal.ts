import {oneLine} from '../planner/sql-text';
import {plural} from '../planner/data-loss';
import {statementTarget} from '../planner/statement-target';
import {dialectFor} from '../dialects';
import {DataLossError, MigrationWillFailError} from '../errors';
import type {SchemaMigrationReport} from '../types';
import type {Transaction} from '@loopback/repository';
import type {ScriptTarget} from './data-source';
import type {ScriptRunError} from './execute';
import type {LoadedScript} from './load';
import {scriptLabel} from './messages';
import {revertVerdict, type RevertVerdict} from './revert-loss';
import {rehearsedStatements} from './revert-rehearsal';

/** A statement of a `down()` of fixed statements, judged before any runs. */
export interface RehearsedVerdict extends RevertVerdict {
  readonly sql: string;
}

/**
 * The statements a `down()` of fixed statements (see
 * {@link rehearsedStatements}) would run, each judged before any runs (see
 * {@link revertVerdict}): up to the first statement that is not a schema
 * statement (an `UPDATE`, a `DELETE` may empty what a later one drops):
 * those after it are judged as they run, as in any other `down()`. None
 * for another `down()`.
 */
export async function rehearsedVerdicts(
  target: ScriptTarget,
  script: LoadedScript,
): Promise<RehearsedVerdict[]> {
  const dialect = dialectFor(target.connectorName);
  const {connector} = target.dataSource;
  if (!dialect || !connector) return [];
  const verdicts: RehearsedVerdict[] = [];
  const statements = await rehearsedStatements(script.instance, target.name);
  for (const sql of statements ?? []) {
    const {kind} = statementTarget(sql, name => dialect.fold(name));
    if (kind === 'other') break;
    verdicts.push({sql, ...(await revertVerdict(connector, dialect, sql))});
  }
  return verdicts;
}

/**
 * The loss of the first statement that would drop a table holding rows, a
 * column holding values, or change a column's type losing values, as a
 * `DataLossError`.
 */
export function rehearsedLoss(
  verdicts: readonly RehearsedVerdict[],
  script: LoadedScript,
): DataLossError | undefined {
  const lossy = verdicts.find(v => v.loss);
  return lossy && lossError(script, lossy.loss!, lossy.sql);
}

/**
 * The first statement the database would refuse with the data stored now
 * (a type change back the values do not fit: MySQL's strict mode refuses
 * "Data truncated"), as a `MigrationWillFailError`, refused with
 * `acceptDataLoss` too (the database refuses it all the same): refused as
 * it ran, the statements before it would stay (MySQL commits each), the
 * script half reverted and still recorded as applied. `before`: the
 * scripts this revert reverted first.
 */
export function rehearsedRefusal(
  verdicts: readonly RehearsedVerdict[],
  script: LoadedScript,
  before: number,
  report: SchemaMigrationReport,
): MigrationWillFailError | undefined {
  const refused = verdicts.find(v => v.refusal);
  if (!refused) return undefined;
  const earlier =
    before > 0
      ? `; the ${before} script(s) reverted before it stay reverted`
      : '';
  return new MigrationWillFailError(
    `Revert refused: down() of migration script ${scriptLabel(script)} ${refused.refusal}: ` +
      `${oneLine(refused.sql)}. ${REFUSED_BEFORE}${earlier}. Change the stored values so that ` +
      'they fit, then revert again.',
    [{sql: refused.sql, destructive: false, willFail: refused.refusal}],
    report,
  );
}

/**
 * The check each statement of a `down()` passes before it runs, without
 * `acceptDataLoss`: one that would drop a table holding rows or a column
 * holding values, or change a column's type losing values, throws
 * `DataLossError`.
 */
export function refuseLoss(
  target: ScriptTarget,
  script: LoadedScript,
): (sql: string, transaction: Transaction | undefined) => Promise<void> {
  return async (sql, transaction) => {
    const dialect = dialectFor(target.connectorName);
    const {connector} = target.dataSource;
    if (!dialect || !connector) return;
    const reading = transaction
      ? dialect.readingIn(connector, transaction)
      : connector;
    const {loss} = await revertVerdict(reading, dialect, sql);
    if (loss) throw lossError(script, loss, sql);
  };
}

function lossError(
  script: LoadedScript,
  loss: string,
  sql: string,
): DataLossError {
  return new DataLossError(
    `Revert refused: down() of migration script ${scriptLabel(script)} ` +
      `${loss}: ${oneLine(sql)}.`,
    [{sql, destructive: true, reason: loss}],
  );
}

export const REFUSED_BEFORE =
  'Nothing of that script was reverted (refused before any of its statements ran)';

/** What a `down()` refused as it ran kept, in words. */
export function keptAfter(err: ScriptRunError): string {
  if (err.rolledBack) {
    return 'Nothing of that script was reverted (its transaction rolled back)';
  }
  if (err.ran.length === 0) {
    return 'Nothing of that script was reverted (refused at its first statement)';
  }
  const ran = err.ran.map((sql, i) => `${i + 1}. ${oneLine(sql)}`).join('; ');
  return (
    `Its down() already ran ${plural(err.ran.length, 'statement')} before ` +
    `that one, which stay (the script runs outside a transaction): ${ran}. The ` +
    'script stays recorded as applied, and a revert runs its down() again ' +
    'from the start: undo those statements by hand first (or finish the ' +
    'revert by hand and delete its ledger row)'
  );
}

/** The `DataLossError` of a refused `down()`, saying what was reverted. */
export function revertLossError(
  refused: DataLossError,
  kept: string,
  index: number,
  report: SchemaMigrationReport,
): DataLossError {
  const earlier =
    index > 0
      ? `; the ${index} script(s) reverted before it stay reverted`
      : '';
  return new DataLossError(
    `${refused.message} ${kept}${earlier}. To revert it anyway and lose ` +
      'that data: acceptDataLoss: true (CLI --revert --accept-data-loss); ' +
      'to keep the data, copy it elsewhere first.',
    refused.statements,
    report,
  );
}
