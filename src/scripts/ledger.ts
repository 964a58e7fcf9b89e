import {InvalidMigrationOptionsError} from '../errors';
import type {ExecuteOptions, ScriptDataSource} from './data-source';
import {mysqlLedger} from './ledger-mysql';
import {postgresqlLedger} from './ledger-postgresql';

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

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_$]*)?$/;

/**
 * The parts of a ledger table name: `table` or `schema.table`.
 *
 * @throws InvalidMigrationOptionsError for anything but letters, digits,
 * `_` and `$` (and one dot)
 */
export function ledgerTableParts(name: string): [string] | [string, string] {
  if (typeof name !== 'string' || !TABLE_NAME.test(name) || name.length > 128) {
    throw new InvalidMigrationOptionsError(
      `Invalid migration ledger table name ${JSON.stringify(name)} ` +
        '(bound to MIGRATION_LEDGER_TABLE): use letters, digits and _, ' +
        'optionally prefixed by a schema and a dot, e.g. "app_migrations".',
    );
  }
  const parts = name.split('.');
  return parts.length === 2 ? [parts[0], parts[1]] : [parts[0]];
}

/** The ledger of a datasource, for its connector (`postgresql` or `mysql`). */
export function ledgerFor(
  connectorName: string,
  dataSource: ScriptDataSource,
  tableName: string,
): Ledger {
  const parts = ledgerTableParts(tableName);
  switch (connectorName) {
    case 'postgresql':
      return postgresqlLedger(dataSource, parts);
    case 'mysql':
      return mysqlLedger(dataSource, parts);
    default:
      throw new Error(`no migration ledger for the ${connectorName} connector`);
  }
}
