import {tableKey, type TableRef} from '../dialects/dialect';
import type {Dialect} from '../dialects/contract';
import type {JugglerConnector} from '../juggler';
import {declaredForeignKeys} from '../planner/model-order';
import type {GuardTarget} from '../planner/guard-target';
import type {PlannedStatement} from '../types';
import type {OnlineForms, OnlineInput, OnlineTable} from './online-forms';

/** A plan's statements in the order they run, and its guards pointing into them. */
export interface OnlinePlan {
  readonly statements: PlannedStatement[];
  readonly guards: GuardTarget[];
  /**
   * The statements (among `statements`) that finish what an earlier online
   * run left unfinished, which no model change planned.
   */
  readonly unfinished?: readonly PlannedStatement[];
  /**
   * What the dialect says about unfinished work the plan does not finish
   * (not `warnings`: a plan passed in may have warnings of its own).
   */
  readonly unfinishedWarnings?: readonly string[];
  /** Run before the plan's first statement: see `OnlineForms.prepare`. */
  readonly prepare?: () => Promise<void>;
}

/**
 * Split an autoupdate's plan into phases, so that the app keeps reading and
 * writing the tables it changes: (a) one transaction with every statement
 * in its plain form or the quick, transactional part of its online form
 * (new tables are always created there, plainly), then (b) the online
 * phases, one statement at a time: the work an earlier online run left
 * unfinished, then each statement's online part (`CREATE INDEX
 * CONCURRENTLY`, `VALIDATE CONSTRAINT`, ...), in plan order.
 *
 * The dialect chooses the forms (`Dialect.onlineForms`). Statements that
 * create a table's first version keep their plain form. A plan with a
 * statement the database would refuse (the run is refused as planned) is
 * not split: each of its statements is shown in a form that runs on its
 * own (`Dialect.runnableForm`). A statement a data
 * guard targets takes its online form too: the guarded change (a type
 * change, a dropped column) stays in the first statement of its
 * transaction part, which the guard then targets; its other clauses (a
 * `SET NOT NULL`) need not scan the table under its lock with it. A plan
 * with nothing to run online is returned as it is, without `phase` marks.
 * `offline` (`online: false`): every statement keeps its plain form, and
 * only the unfinished work that needs no online phase runs after them.
 */
export async function onlinePlan(
  dialect: Dialect,
  connector: JugglerConnector,
  models: readonly string[],
  present: readonly TableRef[],
  plan: OnlinePlan,
  {stateTable, offline}: Pick<OnlineInput, 'stateTable' | 'offline'>,
): Promise<OnlinePlan> {
  const {statements} = plan;
  // A refused plan runs nothing: its refusal names the statements as
  // planned, each in a form that would run.
  if (statements.some(s => s.willFail !== undefined)) {
    return runnable(dialect, plan, stateTable);
  }
  const existing = new Set(present.map(tableKey));
  const exists = (model: string | undefined) =>
    model !== undefined &&
    existing.has(tableKey(dialect.tableOf(connector, model)));
  const tables: OnlineTable[] = models.filter(exists).map(model => ({
    table: dialect.tableOf(connector, model),
    model,
    foreignKeys: declaredForeignKeys(model, connector._models?.[model]).map(
      fk => fk.name,
    ),
  }));
  const rewritten = await dialect.onlineForms(connector, {
    statements: statements.map(statement => ({
      statement,
      online: !offline && exists(statement.model),
    })),
    tables,
    stateTable,
    offline,
    present,
  });
  return assemble(plan, rewritten);
}

/**
 * A refused plan, unsplit, with each statement whose online form runs only
 * as the dialect's online forms rewrite it (`Dialect.runnableForm`) in
 * that form; the plan as it is where there is none.
 */
function runnable(
  dialect: Dialect,
  plan: OnlinePlan,
  stateTable: OnlineInput['stateTable'],
): OnlinePlan {
  const form = dialect.runnableForm;
  if (!form) return plan;
  const statements = plan.statements.map(statement => {
    const sql = form(statement.sql, stateTable);
    return sql === statement.sql ? statement : {...statement, sql};
  });
  if (statements.every((s, i) => s === plan.statements[i])) return plan;
  return {
    ...plan,
    statements,
    guards: plan.guards.map(g => ({...g, sql: statements[g.statement].sql})),
  };
}

/** The statements of the forms in phase order, the guards moved with them. */
function assemble(
  plan: OnlinePlan,
  {forms, unfinished, warnings = [], prepare}: OnlineForms,
): OnlinePlan {
  const after = [...unfinished, ...forms.flatMap(f => f.after)];
  const unchanged = forms.every(
    (f, i) =>
      f.transaction.length === 1 && f.transaction[0] === plan.statements[i],
  );
  if (after.length === 0 && unchanged) {
    return warnings.length === 0
      ? plan
      : {...plan, unfinishedWarnings: warnings};
  }
  // Phase marks only where something runs after the transaction.
  const phase = after.length > 0 ? {phase: 'transaction' as const} : {};
  const firstOf: number[] = [];
  const transaction: PlannedStatement[] = [];
  for (const form of forms) {
    firstOf.push(transaction.length);
    transaction.push(...form.transaction.map(s => ({...s, ...phase})));
  }
  return {
    statements: [...transaction, ...after],
    // A guarded change stays in the first statement of its transaction part.
    guards: plan.guards.map(g => {
      const statement = firstOf[g.statement];
      return {...g, statement, sql: transaction[statement].sql};
    }),
    unfinished,
    unfinishedWarnings: warnings,
    prepare,
  };
}
