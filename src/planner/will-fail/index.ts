import {describeTable, type TableRef} from '../../dialects/dialect';
import type {JugglerConnector} from '../../juggler';
import type {PlannedStatement} from '../../types';
import type {AssessedPlan, DataLoss} from '../data-loss';
import {createdColumns} from '../alter-clauses';
import {riskyClauses} from './clauses';
import {judgeClause, type Judgement} from './judge';
import {judgeConvertedKeys} from './converted-keys';
import {PlanState} from './plan-state';
import {ForeignKeyNames} from './foreign-key-names';
import {RelationNames} from './relation-names';
import {ViewTables} from './view-tables';
import type {Dialect} from '../../dialects/contract';
import type {PredictedFailure} from './message';

export type {PredictedFailure} from './message';

/** A plan with its predicted failures. */
export interface PredictedPlan extends AssessedPlan {
  readonly failures: PredictedFailure[];
  /** Things the data makes the database do that the user should know. */
  readonly warnings: string[];
}

/**
 * Look at the stored data each statement's clauses are checked against and
 * set `willFail` on those the database would refuse: NOT NULL over NULLs, a
 * NOT NULL column without a default added to a table with rows, a unique
 * index over duplicates, a foreign key over orphan rows or between columns
 * of types that do not compare, a table or index named like another
 * relation of its schema (PostgreSQL), a foreign key named like another of
 * its database (MySQL), a change of a model whose table is a view
 * (PostgreSQL). Such a statement is no data loss: its NOT NULL verdict is
 * taken out of the losses and of `destructive`.
 */
export async function predictFailures(
  dataSource: string,
  connector: JugglerConnector,
  dialect: Dialect,
  plan: AssessedPlan,
  present: readonly TableRef[],
): Promise<PredictedPlan> {
  const checks = dialect.failures;
  const state = new PlanState(connector, dialect, checks);
  state.knowExisting(
    plan.statements.flatMap(s =>
      s.model ? [dialect.tableOf(connector, s.model)] : [],
    ),
    present,
  );
  // Each read is one query where the dialect needs it: sent together.
  const [names, views, keyNames] = await Promise.all([
    RelationNames.read(dialect, connector, plan.statements),
    ViewTables.read(dialect, connector, plan.statements, present),
    ForeignKeyNames.read(dialect, connector, plan.statements),
  ]);
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
    const judgements: Judgement[] = [];
    if (/^DROP\s+TABLE\b/i.test(statement.sql)) {
      const used = await checks.refusedTableDrop?.(connector, table);
      if (used) judgements.push({willFail: used});
      state.drop(table);
    }
    state.create(table, createdColumns(statement.sql));
    // assessDataLoss marks a type change the database would refuse
    // (values that do not convert): that refuses the run as well.
    const refusedType = statement.willFail;
    const nameTaken = names?.claim(statement);
    if (nameTaken) judgements.push({willFail: nameTaken});
    const view = views.refusal(statement.model, table);
    if (view) judgements.push({willFail: view});
    for (const taken of keyNames?.claim(statement) ?? []) {
      judgements.push({willFail: taken});
    }
    if ((await state.exists(table)) || state.creates(table)) {
      const tableState = state.of(table);
      const clauses = riskyClauses(statement.sql, name => dialect.fold(name));
      state.plan(tableState, statement.sql, refusedType !== undefined, clauses);
      for (const clause of clauses) {
        const misread =
          clause.kind === 'unique' || clause.kind === 'index'
            ? checks.misreadIndex?.(connector, statement.model, clause.index)
            : undefined;
        // A table the plan creates is not partitioned: the connector
        // makes plain tables.
        const unique =
          clause.kind === 'unique' && !tableState.created
            ? await checks.refusedUnique?.(
                connector,
                table,
                clause.index,
                clause.columns,
              )
            : undefined;
        judgements.push(
          misread
            ? {willFail: misread}
            : unique
              ? {willFail: unique}
              : await judgeClause(clause, tableState, state, statement.model),
        );
      }
      judgements.push(
        ...(await judgeConvertedKeys(statement.sql, tableState, state)),
      );
      const oversized = await checks.oversizedRow?.(
        connector,
        table,
        statement.sql,
      );
      if (oversized) judgements.push({willFail: oversized});
      const longKey = await checks.oversizedKey?.(
        connector,
        table,
        statement.sql,
      );
      if (longKey) judgements.push({willFail: longKey});
      const keyIndex = await state.keyIndexes.refusal(table, statement.sql);
      if (keyIndex) judgements.push({willFail: keyIndex});
      const drop = await checks.refusedDrop?.(
        connector,
        table,
        statement.sql,
        state.keyIndexes.droppedKeys,
      );
      if (drop) judgements.push({willFail: drop});
      const change = await checks.refusedColumnChange?.(
        connector,
        table,
        statement.sql,
      );
      if (change) judgements.push({willFail: change});
    }
    for (const j of judgements) {
      if (j.warning) warnings.push(`model ${statement.model}: ${j.warning}`);
    }
    const refused = judgements.flatMap(j => (j.willFail ? [j] : []));
    const where = {
      dataSource,
      model: statement.model,
      table: describeTable(table),
      sql: statement.sql,
    };
    if (refused.length === 0) {
      if (refusedType) failures.push({...where, description: refusedType});
      statements.push(statement);
      continue;
    }
    const willFail = [
      ...(refusedType ? [refusedType] : []),
      ...refused.map(j => j.willFail),
    ].join('; ');
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
