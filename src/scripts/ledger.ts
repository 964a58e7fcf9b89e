import {connectionHint} from '../connection-hint';
import {privilegeHint} from '../privilege-hint';
import {errorMessage} from '../database-error';
import {dialectFor} from '../dialects';
import {InvalidMigrationOptionsError, MigrationLedgerError} from '../errors';
import type {Ledger, ScriptDataSource} from './ledger-types';
import {refuseLedgerElsewhere} from './ledger-elsewhere';

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_$]*)?$/;

/**
 * The longest part of a ledger table name: PostgreSQL cuts longer names to
 * 63 bytes with only a notice, MySQL and MariaDB refuse names over 64
 * characters.
 */
const MAX_PART_LENGTH = 63;

/**
 * The parts of a ledger table name: `table` or `schema.table`.
 *
 * @throws InvalidMigrationOptionsError for anything but letters, digits,
 * `_` and `$` (and one dot), or a part longer than 63 characters
 */
export function ledgerTableParts(name: string): [string] | [string, string] {
  if (typeof name !== 'string' || !TABLE_NAME.test(name)) {
    throw new InvalidMigrationOptionsError(
      `Invalid migration ledger table name ${JSON.stringify(name)} ` +
        '(bound to MIGRATION_LEDGER_TABLE): use letters, digits and _, ' +
        'optionally prefixed by a schema and a dot, e.g. "app_migrations".',
    );
  }
  const parts = name.split('.');
  const long = parts.find(part => part.length > MAX_PART_LENGTH);
  if (long !== undefined) {
    throw new InvalidMigrationOptionsError(
      `Invalid migration ledger table name ${JSON.stringify(name)} ` +
        `(bound to MIGRATION_LEDGER_TABLE): "${long}" has ${long.length} ` +
        `characters, but PostgreSQL keeps only ${MAX_PART_LENGTH} of a name ` +
        'and MySQL takes at most 64; give the table (and its schema) a ' +
        `name of ${MAX_PART_LENGTH} characters or fewer.`,
    );
  }
  return parts.length === 2 ? [parts[0], parts[1]] : [parts[0]];
}

/**
 * The ledger of a datasource, for its connector (`postgresql` or `mysql`).
 * A failure to find, create or read its table is a `MigrationLedgerError`
 * naming the datasource and the table (writes fail within a script's run,
 * which names them).
 */
export function ledgerFor(
  target: {
    readonly name: string;
    readonly connectorName: string;
    readonly dataSource: ScriptDataSource;
  },
  tableName: string,
): Ledger {
  const parts = ledgerTableParts(tableName);
  const dialect = dialectFor(target.connectorName);
  if (!dialect) {
    throw new Error(
      `no migration ledger for the ${target.connectorName} connector`,
    );
  }
  const ledger = dialect.ledger(target.dataSource, parts);
  const failing =
    <A extends unknown[], R>(doing: string, step: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await step(...args);
      } catch (err) {
        throw new MigrationLedgerError(
          `Could not ${doing} the migration script ledger ${ledger.table} of ` +
            `datasource "${target.name}": ${errorMessage(err)}${connectionHint(err)}${privilegeHint(err)}`,
          target.name,
          err,
        );
      }
    };
  return {
    table: ledger.table,
    transactional: ledger.transactional,
    exists: failing('look up', () => ledger.exists()),
    // Looked up first: creating one that exists needs the right to create
    // tables (CREATE TABLE IF NOT EXISTS checks it on both databases),
    // which a user that may only read and write the ledger has not.
    create: failing('create', async () => {
      if (await ledger.exists()) return;
      await refuseLedgerElsewhere(ledger, tableName);
      await ledger.create();
    }),
    read: failing('read', () => ledger.read()),
    insert: (row, options) => ledger.insert(row, options),
    remove: (version, options) => ledger.remove(version, options),
    updateChecksum: failing(
      'update a checksum in',
      (version: string, checksum: string) =>
        ledger.updateChecksum(version, checksum),
    ),
  };
}
