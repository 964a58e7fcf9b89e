import type {InverseStatement} from '../dialects/shadow';
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
}

/**
 * Split a datasource's plan as `migrateSchema()` runs it: the statements of
 * the plan's transaction (phase `transaction`, or no phase) as one atomic
 * script, then the online phases (`own-transaction`, `no-transaction`) as a
 * second script outside any transaction. A plan of one kind is one part.
 */
export function scriptParts(changes: PlannedChanges): ScriptPart[] {
  const {statements, inverses} = changes;
  const later = statements.findIndex(s => !inTransaction(s));
  if (later < 0) {
    return [{first: 0, statements, inverses, transaction: true, online: false}];
  }
  if (statements.slice(later).some(inTransaction)) {
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
    {
      first: 0,
      statements: statements.slice(0, later),
      inverses: inverses.slice(0, later),
      transaction: true,
      online: false,
    },
    rest,
  ];
}

function inTransaction(statement: PlannedStatement): boolean {
  return statement.phase === undefined || statement.phase === 'transaction';
}

/** The first statement of a part without an exact inverse, and why. */
export function firstWithoutInverse(
  part: ScriptPart,
): {index: number; reason: string} | undefined {
  const index = part.inverses.findIndex(inverse => 'none' in inverse);
  if (index < 0) return undefined;
  const inverse = part.inverses[index];
  return {
    index: part.first + index,
    reason: 'none' in inverse ? inverse.none : '',
  };
}
