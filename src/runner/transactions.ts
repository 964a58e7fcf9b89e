import type {Dialect} from '../dialects/contract';
import type {JugglerConnector} from '../juggler';
import type {PlannedStatement} from '../types';
import {inPlanTransaction} from './online-apply';

/**
 * Lock-table entries a plan's transaction may take without asking the
 * server for its lock table's size: PostgreSQL's default
 * `max_locks_per_transaction`, one session's share.
 */
const ASK_ABOVE = 64;

/** A plan's statements, numbered into transactions where they must be. */
export interface TransactionSplit {
  readonly statements: PlannedStatement[];
  /** Why the plan runs in several transactions, when it does. */
  readonly warnings: string[];
}

/**
 * Number the statements of a plan's transaction (see
 * `PlannedStatement.transaction`) when, together, they would lock more
 * objects than the server's lock table holds: the transaction would fail
 * ("out of shared memory") where LoopBack's own `autoupdate`, one statement
 * at a time, succeeds. Consecutive statements are put together while they
 * fit, in plan order, so a foreign key's table is always committed with or
 * before it. A plan that fits is left as it is, one transaction; the
 * server is asked its lock table's size only for a plan larger than one
 * session's default share of it.
 */
export async function splitByLockTable(
  dialect: Dialect,
  connector: JugglerConnector,
  statements: readonly PlannedStatement[],
): Promise<TransactionSplit> {
  const table = dialect.lockTable;
  const atomic = statements.filter(inPlanTransaction);
  const unchanged = {statements: [...statements], warnings: []};
  if (!table || atomic.length < 2) return unchanged;
  const needs = atomic.map(s => table.entries(s.sql));
  const total = needs.reduce((sum, n) => sum + n, table.perTransaction);
  if (total <= ASK_ABOVE) return unchanged;
  const capacity = await table.capacity(connector);
  if (total <= capacity.entries) return unchanged;
  const numbers = transactionNumbers(
    needs,
    capacity.entries,
    table.perTransaction,
  );
  const count = numbers[numbers.length - 1];
  return {
    // An online plan lists its transaction's statements first.
    statements: statements.map((s, i) =>
      i < atomic.length ? {...s, transaction: numbers[i]} : s,
    ),
    warnings: [
      `the plan's transaction would lock about ${total} objects, more than the ` +
        `server's lock table holds (${capacity.entries} = ${capacity.from}): it runs as ` +
        `${count} transactions, one after the other; a failure rolls back its own ` +
        'transaction only, the earlier ones stay committed, and the next run plans what ' +
        `is left. ${capacity.remedy}`,
    ],
  };
}

/** The 1-based transaction of each statement: consecutive ones while they fit. */
function transactionNumbers(
  needs: readonly number[],
  fits: number,
  perTransaction: number,
): number[] {
  let current = 1;
  let used = perTransaction;
  return needs.map(need => {
    if (used > perTransaction && used + need > fits) {
      current++;
      used = perTransaction;
    }
    used += need;
    return current;
  });
}
