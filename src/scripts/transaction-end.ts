import {splitStatements} from '../dialects/sql-split';

/**
 * A statement that ends the transaction it runs in: `COMMIT`, `END`,
 * `ABORT`, `ROLLBACK` (not `ROLLBACK TO SAVEPOINT`, which stays in it),
 * `PREPARE TRANSACTION`.
 */
const ENDS_TRANSACTION =
  /^(?:COMMIT|END|ABORT|ROLLBACK(?!\s+(?:(?:WORK|TRANSACTION)\s+)?TO\b)|PREPARE\s+TRANSACTION)\b/i;

/** Opens a SQL-standard routine body, whose statements end at its `END`. */
const BEGIN_ATOMIC = /\bBEGIN\s+ATOMIC\b/i;

/**
 * The first statement that ends the transaction, skipping the `;`-separated
 * statements of a `BEGIN ATOMIC ... END` routine body (PostgreSQL 14+) and
 * its closing `END`.
 */
function transactionEnd(statements: readonly string[]): string | undefined {
  let inBody = false;
  for (const statement of statements) {
    if (inBody) {
      inBody = !/^END\b/i.test(statement);
    } else if (BEGIN_ATOMIC.test(statement)) {
      inBody = !/\bEND$/i.test(statement);
    } else if (ENDS_TRANSACTION.test(statement)) {
      return statement;
    }
  }
  return undefined;
}

/**
 * Refuse SQL that a migration script sends with `ctx.execute()` in its
 * transaction (PostgreSQL) when one of its statements would end that
 * transaction. The run commits the script with its ledger row: a script
 * that commits on its own would keep its first half when it then fails,
 * while the error says nothing was kept, and a rollback would leave the
 * rest of it to run outside any transaction.
 *
 * @throws Error naming the statement and the fixes
 */
export function refuseTransactionEnd(sql: string): void {
  const end = transactionEnd(splitStatements(sql, 'postgresql'));
  if (end === undefined) return;
  throw new Error(
    `ctx.execute() refuses "${end.length > 60 ? `${end.slice(0, 57)}...` : end}": the script runs in the transaction ` +
      '(ctx.transaction) that the run commits together with its ledger row, ' +
      'and must not end it. Leave BEGIN/COMMIT out of the SQL (the run ' +
      'commits), use SAVEPOINT and ROLLBACK TO SAVEPOINT inside it, or ' +
      'declare transaction = false on the script to run its statements ' +
      'without one',
  );
}
