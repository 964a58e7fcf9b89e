import type {Dialect, TableRef} from '../../dialects';
import {describeTable, tableKey} from '../../dialects/dialect';
import type {JugglerConnector} from '../../juggler';
import type {PlannedStatement} from '../../types';
import type {AssessedPlan, DataLoss} from '../data-loss';
import {
  mysqlFailureChecks,
  postgresqlFailureChecks,
  type FailureChecks,
} from './checks';
import {createdColumns} from '../alter-clauses';
import {plannedColumns, riskyClauses} from './clauses';
import {DataReader} from './data';
import {judgeClause, type Judgement, type TableState} from './judge';

/** A planned statement the database would refuse with the current data. */
export interface PredictedFailure {
  readonly dataSource: string;
  readonly model: string;
  /** The table, as `"schema"."table"` or `"table"`. */
  readonly table: string;
  readonly sql: string;
  /** What fails, on which rows, and how to fix it. */
  readonly description: string;
}

/** A plan with its predicted failures. */
export interface PredictedPlan extends AssessedPlan {
  readonly failures: PredictedFailure[];
  /** Things the data makes the database do that the user should know. */
  readonly warnings: string[];
}

/** The failure checks for a connector, or `undefined` where there are none. */
function failureChecksFor(connector: string): FailureChecks | undefined {
  if (connector === 'postgresql') return postgresqlFailureChecks;
  if (connector === 'mysql') return mysqlFailureChecks;
  return undefined;
}

/**
 * Look at the stored data each statement's clauses are checked against and
 * set `willFail` on those the database would refuse: NOT NULL over NULLs, a
 * NOT NULL column without a default added to a table with rows, a unique
 * index over duplicates, a foreign key over orphan rows or between columns
 * of types that do not compare. Such a statement is no data loss: its
 * NOT NULL verdict is taken out of the losses and of `destructive`.
 */
export async function predictFailures(
  dataSource: string,
  connector: JugglerConnector,
  dialect: Dialect,
  plan: AssessedPlan,
): Promise<PredictedPlan> {
  const checks = failureChecksFor(dialect.connector);
  if (!checks) return {...plan, failures: [], warnings: []};
  const state = new PlanState(connector, dialect, checks);
  await state.findExisting(
    plan.statements.flatMap(s =>
      s.model ? [dialect.tableOf(connector, s.model)] : [],
    ),
  );
  const statements: PlannedStatement[] = [];
  const failures: PredictedFailure[] = [];
  const warnings: string[] = [];
  let losses = [...plan.losses];
  for (const statement of plan.statements) {
    if (!statement.model) {
      statements.push(statement);
      continue;
    }
    const table = dialect.tableOf(connector, statement.model);
    if (/^DROP\s+TABLE\b/i.test(statement.sql)) state.drop(table);
    state.create(table, createdColumns(statement.sql));
    const judgements: Judgement[] = [];
    if ((await state.exists(table)) || state.creates(table)) {
      const tableState = await state.of(table);
      state.plan(tableState, statement.sql);
      for (const clause of riskyClauses(statement.sql, checks.fold)) {
        judgements.push(await judgeClause(clause, tableState, state));
      }
    }
    for (const j of judgements) {
      if (j.warning) warnings.push(`model ${statement.model}: ${j.warning}`);
    }
    const refused = judgements.flatMap(j => (j.willFail ? [j] : []));
    if (refused.length === 0) {
      statements.push(statement);
      continue;
    }
    const where = {
      dataSource,
      model: statement.model,
      table: describeTable(table),
      sql: statement.sql,
    };
    const willFail = refused.map(j => j.willFail).join('; ');
    failures.push({...where, description: willFail});
    // NOT NULL over NULLs fails here rather than losing data: take out
    // assessDataLoss's verdict on it (`makes column "x" NOT NULL while ...`).
    const refusedNulls = new Set(
      refused.flatMap(j => (j.nullColumn ? [j.nullColumn] : [])),
    );
    const notLost = (loss: DataLoss) =>
      loss.sql === statement.sql &&
      loss.kind === 'set-not-null' &&
      loss.column !== undefined &&
      refusedNulls.has(loss.column);
    const kept = losses.filter(loss => !notLost(loss));
    const dropped = new Set(
      losses.filter(notLost).map(loss => loss.description),
    );
    losses = kept;
    const reasons = (statement.reason ?? '')
      .split('; ')
      .filter(r => r !== '' && !dropped.has(r));
    statements.push({
      ...statement,
      destructive:
        statement.destructive && kept.some(loss => loss.sql === statement.sql),
      reason: reasons.length > 0 ? reasons.join('; ') : undefined,
      willFail,
    });
  }
  return {statements, losses, failures, warnings, guards: plan.guards};
}

/**
 * The tables of a plan as the statements before the current one leave
 * them: which exist, which columns the plan added, which types it set.
 */
export class PlanState {
  private readonly existing = new Map<string, Promise<boolean>>();
  private readonly states = new Map<string, TableState>();
  readonly reader: DataReader;
  refusesNulls?: boolean;

  constructor(
    readonly connector: JugglerConnector,
    readonly dialect: Dialect,
    readonly checks: FailureChecks,
  ) {
    this.reader = new DataReader(connector, table =>
      checks.primaryKey(connector, table),
    );
  }

  /** Learn which of these tables exist now, in one catalog read. */
  async findExisting(tables: readonly TableRef[]): Promise<void> {
    const unknown = [
      ...new Map(
        tables
          .filter(t => !this.existing.has(tableKey(t)))
          .map(t => [tableKey(t), t]),
      ).values(),
    ];
    if (unknown.length === 0) return;
    const found = new Set(
      (await this.dialect.existingTables(this.connector, unknown)).map(
        tableKey,
      ),
    );
    for (const table of unknown) {
      const key = tableKey(table);
      this.existing.set(key, Promise.resolve(found.has(key)));
    }
  }

  /** Whether the table exists in the database now (before the plan). */
  exists(table: TableRef): Promise<boolean> {
    const key = tableKey(table);
    let found = this.existing.get(key);
    if (!found) {
      found = this.dialect
        .existingTables(this.connector, [table])
        .then(tables => tables.length > 0);
      this.existing.set(key, found);
    }
    return found;
  }

  /** A table the plan drops (to create it again, empty). */
  drop(table: TableRef): void {
    this.existing.set(tableKey(table), Promise.resolve(false));
  }

  /**
   * Record a table the plan creates, with the columns of its `CREATE TABLE`
   * (nothing when `columns` is empty: the statement creates no table).
   */
  create(table: TableRef, columns: ReadonlyMap<string, string>): void {
    if (columns.size === 0) return;
    const types = new Map(
      [...columns].map(([column, type]) => [
        column,
        this.checks.storedType(type),
      ]),
    );
    this.states.set(tableKey(table), {
      table,
      created: true,
      added: new Set(),
      sameValue: new Set(),
      types,
    });
  }

  /** Whether the plan creates the table (before the current statement). */
  creates(table: TableRef): boolean {
    return this.states.get(tableKey(table))?.created === true;
  }

  async of(table: TableRef): Promise<TableState> {
    const key = tableKey(table);
    let state = this.states.get(key);
    if (!state) {
      state = {
        table,
        created: false,
        added: new Set(),
        sameValue: new Set(),
        types: new Map(),
      };
      this.states.set(key, state);
    }
    this.refusesNulls ??= await this.checks.refusesNulls(this.connector);
    return state;
  }

  /**
   * Record what a statement of the plan does to its table, before its
   * clauses are judged (a clause may use a column the statement adds).
   */
  plan(state: TableState, sql: string): void {
    const {added, sameValue, types} = plannedColumns(sql);
    for (const column of added) state.added.add(column);
    for (const column of sameValue) state.sameValue.add(column);
    for (const [column, type] of types) state.types.set(column, type);
  }
}

/** The message of a `MigrationWillFailError`: what would fail, and how to proceed. */
export function willFailMessage(failures: readonly PredictedFailure[]): string {
  const lines = failures.map(
    f =>
      `  - datasource "${f.dataSource}", model ${f.model}, table ${f.table}: ${f.description}\n` +
      `      ${f.sql.replace(/\s+/g, ' ')}`,
  );
  return (
    'Schema migration refused: the database would reject these statements with the data it ' +
    'holds now, or this package refuses them as each line says. Nothing was changed.\n' +
    lines.join('\n') +
    '\nFix the data (or the model) as each line says, then run again; ' +
    'acceptDataLoss (--accept-data-loss) does not help: these statements are refused whatever the data loss.'
  );
}
