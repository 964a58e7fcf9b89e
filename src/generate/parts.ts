import type {InverseStatement} from '../dialects/shadow';
import {inPlanTransaction} from '../runner/online-apply';
import type {PlannedStatement} from '../types';

/** The statements of one datasource's plan, as `up()` and `down()` need them. */
export interface PlannedChanges {
  readonly dataSource: string;
  readonly statements: readonly PlannedStatement[];
  /** The exact inverse of each statement (same order), or why there is none. */
  readonly inverses: readonly InverseStatement[];
}

/**
 * The statements of a datasource that one generated script runs: the plan's
 * transaction, or the online phases after it.
 */
export interface ScriptPart {
  /** The 0-based position of the part's first statement in the plan. */
  readonly first: number;
  readonly statements: readonly PlannedStatement[];
  readonly inverses: readonly InverseStatement[];
  /**
   * `false` when a statement cannot run inside a transaction (PostgreSQL:
   * `CREATE INDEX CONCURRENTLY`, a back-fill committing in batches,
   * `VALIDATE CONSTRAINT` in a transaction of its own): each statement then
   * commits on its own.
   */
  readonly transaction: boolean;
  /** `true` for the online phases that follow the plan's transaction. */
  readonly online: boolean;
  /**
   * Set on each transaction of a plan too large for the server's lock table
   * (see `PlannedStatement.transaction`): which one (1-based), of how many.
   */
  readonly split?: {readonly index: number; readonly count: number};
}

/**
 * Split a datasource's plan as `migrateSchema()` runs it: the statements of
 * the plan's transaction (phase `transaction`, or no phase) as one atomic
 * script (one per transaction where the plan was split for the server's
 * lock table), then the online phases (`own-transaction`,
 * `no-transaction`) as a last script outside any transaction. A plan of one
 * kind is one part.
 */
export function scriptParts(changes: PlannedChanges): ScriptPart[] {
  const {statements, inverses} = changes;
  const later = statements.findIndex(s => !inPlanTransaction(s));
  if (later < 0) return transactionParts(statements, inverses);
  if (statements.slice(later).some(inPlanTransaction)) {
    throw new Error(
      `the plan of datasource "${changes.dataSource}" has a statement of its transaction after an online phase`,
    );
  }
  const rest: ScriptPart = {
    first: later,
    statements: statements.slice(later),
    inverses: inverses.slice(later),
    transaction: false,
    online: later > 0,
  };
  if (later === 0) return [rest];
  return [
    ...transactionParts(statements.slice(0, later), inverses.slice(0, later)),
    rest,
  ];
}

/** The plan's transaction as one part, or one part per transaction of a split plan. */
function transactionParts(
  statements: readonly PlannedStatement[],
  inverses: readonly InverseStatement[],
): ScriptPart[] {
  const starts =
    statements.length === 0
      ? [0]
      : statements.flatMap((s, i) =>
          i === 0 || s.transaction !== statements[i - 1].transaction ? [i] : [],
        );
  const count = starts.length;
  return starts.map((first, index) => {
    const end = starts[index + 1] ?? statements.length;
    return {
      first,
      statements: statements.slice(first, end),
      inverses: inverses.slice(first, end),
      transaction: true,
      online: false,
      ...(count > 1 && {split: {index: index + 1, count}}),
    };
  });
}

/** The statements of a part without an exact inverse, and why, in order. */
export function withoutInverse(
  part: ScriptPart,
): {index: number; reason: string}[] {
  return part.inverses.flatMap((inverse, i) =>
    'none' in inverse ? [{index: part.first + i, reason: inverse.none}] : [],
  );
}
