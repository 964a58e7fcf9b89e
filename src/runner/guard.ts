import {errorMessage} from '../database-error';
import {randomBytes} from 'node:crypto';
import {debugLogger} from '../debug';
import {dialectFor} from '../dialects';
import type {Dialect} from '../dialects/contract';
import {describeTable} from '../dialects/dialect';
import type {DataSourceTarget} from '../discovery/data-sources';
import {unchangedAtFailure} from '../failure-scope';
import {DataLossError, SchemaMigrationError} from '../errors';
import type {JugglerConnector} from '../juggler';
import {failure} from '../migration-failure';
import type {ResolvedMigrationOptions} from '../options';
import {plural, type DataLoss} from '../planner/data-loss';
import {dataLossMessage} from '../planner/data-loss-message';
import type {GuardTarget} from '../planner/guard-target';
import {unchangedBeforeSchema} from '../planner/refusal-scope';
import type {PlannedStatement, SchemaMigrationReport} from '../types';
import {ApplyError} from './apply-error';
import {addGuards} from './guard-add';
import {GuardError} from './guard-error';
import {GUARD_PREFIX, type Guard, type GuardDriver} from './guard-driver';

const debug = debugLogger('guard');

function driverFor(connector: string): GuardDriver | undefined {
  return dialectFor(connector)?.guards;
}

/**
 * Run the plan's statements (some of them, in order) on one connection;
 * `before` statements of the plan were applied by earlier calls.
 */
export type RunStatements = (
  statements: readonly PlannedStatement[],
  before: number,
) => Promise<void>;

/**
 * The guards of one datasource's plan: the changes the data check let
 * through as losing nothing are guarded from the check to the change, so a
 * value the app writes in between is either rejected (by the guard) or found
 * (and the run refused), never lost.
 */
export class PlanGuard {
  private readonly guards: Guard[];
  private added: Guard[] = [];

  private constructor(
    readonly target: DataSourceTarget,
    private readonly connector: JugglerConnector,
    private readonly dialect: Dialect,
    private readonly options: ResolvedMigrationOptions,
    private readonly statements: readonly PlannedStatement[],
    targets: readonly GuardTarget[],
  ) {
    const run = randomBytes(4).toString('hex');
    this.guards = targets.map((t, i) => ({
      name: `${GUARD_PREFIX}${run}_${i}`,
      target: t,
    }));
  }

  /**
   * The guard of a plan, or `undefined` where nothing needs one: a dry run,
   * `acceptDataLoss`, an automigrate (which rebuilds by request), a
   * database without a guard, a plan that drops or converts nothing.
   */
  static of(
    target: DataSourceTarget,
    connector: JugglerConnector,
    options: ResolvedMigrationOptions,
    statements: readonly PlannedStatement[],
    targets: readonly GuardTarget[],
  ): PlanGuard | undefined {
    const dialect = dialectFor(target.connectorName);
    if (
      !dialect ||
      targets.length === 0 ||
      options.dryRun ||
      options.acceptDataLoss ||
      options.operation !== 'autoupdate'
    ) {
      return undefined;
    }
    return new PlanGuard(
      target,
      connector,
      dialect,
      options,
      statements,
      targets,
    );
  }

  /**
   * Add the guards, then find the values written since the check.
   * `leaves` is what the run leaves changed should a table stay busy.
   */
  async install(leaves: string): Promise<DataLoss[]> {
    await addGuards(
      this.dialect,
      this.connector,
      this.target.name,
      this.guards,
      this.options,
      guard => {
        this.added.push(guard);
        debug('adding %s on %s', guard.name, guard.target.qualifiedTable);
      },
      leaves,
    );
    const losses: DataLoss[] = [];
    for (const guard of this.guards) {
      const values = await this.dialect.guards
        .violations(this.connector, guard)
        .catch((err: unknown) => {
          throw err instanceof SchemaMigrationError
            ? err
            : new GuardError('checking', guard.target.model, err);
        });
      if (values > 0) losses.push(lateLoss(guard.target, values));
    }
    return losses;
  }

  /** The destructive statements of these losses, in plan order. */
  lossyStatements(losses: readonly DataLoss[]): PlannedStatement[] {
    return this.statements.flatMap(s => {
      const reasons = losses
        .filter(l => l.sql === s.sql)
        .map(l => l.description);
      return reasons.length > 0
        ? [{...s, destructive: true, reason: reasons.join('; ')}]
        : [];
    });
  }

  /**
   * Run the plan with its guards. Where DDL is transactional, one run: a
   * guard its change does not remove is dropped in the change's
   * transaction, right before it. Elsewhere the plan runs in pieces, each
   * ending with a guarded change, whose guards are removed right after it.
   * A failure names the plan's statement, as without guards.
   */
  async apply(run: RunStatements): Promise<void> {
    const {beforeChange, afterChange} = this.dialect.guards;
    const at = (i: number) => this.added.filter(g => g.target.statement === i);
    const sequence: PlannedStatement[] = [];
    const origin: number[] = [];
    const ends: number[] = [];
    for (const [i, statement] of this.statements.entries()) {
      for (const sql of beforeChange ? at(i).flatMap(beforeChange) : []) {
        sequence.push({...statement, sql});
        origin.push(i);
      }
      sequence.push(statement);
      origin.push(i);
      if (afterChange && at(i).length > 0) ends.push(sequence.length);
    }
    // How many statements of the plan come before `sequence[n]`.
    const planBefore = (n: number) =>
      n < origin.length ? origin[n] : this.statements.length;
    let offset = 0;
    for (const end of [...ends, sequence.length]) {
      if (end <= offset) continue;
      await run(sequence.slice(offset, end), planBefore(offset)).catch(
        (err: unknown) => {
          throw err instanceof ApplyError
            ? err.moved(
                err.index === undefined
                  ? undefined
                  : origin[offset + err.index],
                err.committed > 0 || offset > 0
                  ? planBefore(offset + err.committed)
                  : 0,
              )
            : err;
        },
      );
      if (afterChange) {
        for (const guard of at(origin[end - 1])) {
          await afterChange(this.connector, guard).catch((err: unknown) => {
            throw ApplyError.outside(
              err,
              `removing the data-loss guard ${guard.name} of the change just made`,
              planBefore(end),
            );
          });
        }
      }
      offset = end;
    }
  }

  /** Remove the guards still there; a failure leaves a warning with the way out. */
  async release(): Promise<string | undefined> {
    const added = this.added;
    this.added = [];
    try {
      await this.dialect.guards.remove(this.connector, added);
      return undefined;
    } catch (err) {
      debug('removing guards failed: %s', err);
      return (
        `datasource "${this.target.name}": the data-loss guards ${added.map(g => g.name).join(', ')} ` +
        `could not be removed (${errorMessage(err)}); they reject writes ` +
        'of values the change would lose until the next run removes them (or drop them by hand)'
      );
    }
  }
}

/** What a guard found written after the check: the value the change would lose. */
function lateLoss(target: GuardTarget, values: number): DataLoss {
  const name = `"${target.column}"`;
  const what =
    target.kind === 'drop-column'
      ? `drops column ${name}, which received ${plural(values, 'non-null value')}`
      : `changes column ${name}: ${plural(values, 'value')} that would not survive arrived`;
  return {
    dataSource: target.dataSource,
    model: target.model,
    table: describeTable(target.table),
    column: target.column,
    kind: target.kind,
    values,
    description: `${what} while the run was checking (written by the app after the check)`,
    sql: target.sql,
  };
}

/**
 * Guard every plan of the run, before the first change: a value written
 * since the check refuses the run, as the check would have.
 *
 * @throws DataLossError when a guarded change would now lose data
 */
export async function installGuards(
  guards: readonly PlanGuard[],
  report: SchemaMigrationReport,
  options: ResolvedMigrationOptions,
): Promise<void> {
  const losses: DataLoss[] = [];
  const statements: PlannedStatement[] = [];
  for (const guard of guards) {
    try {
      const found = await guard.install(
        unchangedAtFailure(report, guard.target.name),
      );
      losses.push(...found);
      statements.push(...guard.lossyStatements(found));
    } catch (err) {
      throw failure(guard.target, err, report, options);
    }
  }
  if (losses.length > 0) {
    throw new DataLossError(
      dataLossMessage(losses, unchangedBeforeSchema(report)),
      statements,
      report,
    );
  }
}

/** Remove the guards of the run that are still there (also after a failure). */
export async function releaseGuards(
  guards: readonly PlanGuard[],
  report: SchemaMigrationReport,
): Promise<void> {
  for (const guard of guards) {
    const warning = await guard.release();
    if (warning) report.warnings.push(warning);
  }
}

/**
 * Remove the guards a killed process left (under the migration lock, so no
 * other run has any): they would reject the app's writes for ever.
 */
export async function removeStaleGuards(
  connectorName: string,
  connector: JugglerConnector,
): Promise<void> {
  const removed = await driverFor(connectorName)?.removeStale(connector);
  if (removed?.length) debug('removed stale guards %o', removed);
}
