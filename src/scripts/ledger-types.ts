import type {Transaction} from '@loopback/repository';
import type {JugglerDataSource} from '../juggler';

/** Options of juggler's `execute()`: the transaction to run in. */
export interface ExecuteOptions {
  readonly transaction?: Transaction;
}

/** A juggler DataSource, with what scripts need of it. */
export interface ScriptDataSource extends JugglerDataSource {
  execute(
    sql: string,
    params?: readonly unknown[],
    options?: ExecuteOptions,
  ): Promise<unknown>;
  beginTransaction(options?: {isolationLevel?: string}): Promise<Transaction>;
}

/** One applied script, as its datasource's ledger table keeps it. */
export interface LedgerRow {
  readonly version: string;
  /** The script's class name. */
  readonly name: string;
  readonly description?: string;
  /** See `scriptChecksum()`. */
  readonly checksum: string;
  readonly appliedAt: Date;
  /** How long `up()` took, in ms. */
  readonly durationMs: number;
}

/** See {@link Ledger.elsewhere}. */
export interface LedgerElsewhere {
  /** The schema a new table would go to (first of the `search_path`). */
  readonly target: string | null;
  readonly schemas: string[];
}

/**
 * The ledger of one datasource: a table of the scripts applied to its
 * database (umzug calls this the storage). Every write takes the
 * transaction to write in, where the database has one for scripts.
 */
export interface Ledger {
  /** The table, quoted, for messages. */
  readonly table: string;
  /**
   * `true` when a script and its ledger row commit in one transaction
   * (PostgreSQL); `false` when the row is written after `up()` succeeded.
   */
  readonly transactional: boolean;
  /** Whether the table exists (reads only). */
  exists(): Promise<boolean>;
  /** Create the table unless it exists. */
  create(): Promise<void>;
  /**
   * PostgreSQL, for a name without a schema (resolved through the user's
   * `search_path`): the schema a new table would go to, and the other
   * schemas that already hold a table of that name (reads only).
   */
  elsewhere?(): Promise<LedgerElsewhere>;
  /** Every row; empty when the table does not exist. */
  read(): Promise<LedgerRow[]>;
  /** Record an applied script, at `appliedAt` or else the current time. */
  insert(
    row: Omit<LedgerRow, 'appliedAt'> & {readonly appliedAt?: Date},
    options?: ExecuteOptions,
  ): Promise<void>;
  /** Forget a reverted script. */
  remove(version: string, options?: ExecuteOptions): Promise<void>;
  /** Record a changed script's new checksum (`acceptChecksumChanges`). */
  updateChecksum(version: string, checksum: string): Promise<void>;
}
