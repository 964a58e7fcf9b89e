import type {JugglerConnector} from '../juggler';

/** The server's shared lock table, as its settings size it. */
export interface LockTableCapacity {
  /** How many locks the server can hold at once, across all sessions. */
  readonly entries: number;
  /** The settings it comes from, as a formula with their values. */
  readonly from: string;
  /** What to change to keep such a plan in one transaction. */
  readonly remedy: string;
}

/**
 * How much of the server's shared lock table one transaction's statements
 * take (PostgreSQL keeps every object a transaction created, altered or
 * dropped locked until it ends), and how much there is: a plan that needs
 * more runs in several transactions (see `runner/transactions.ts`).
 */
export interface LockTable {
  /** Lock-table entries one statement takes, counted generously. */
  entries(sql: string): number;
  /**
   * Entries every transaction takes once, whatever it runs (PostgreSQL:
   * its own transaction id and the schema it creates in).
   */
  readonly perTransaction: number;
  /** The size of the server's lock table. */
  capacity(connector: JugglerConnector): Promise<LockTableCapacity>;
}
