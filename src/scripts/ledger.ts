import {dialectFor} from '../dialects';
import {InvalidMigrationOptionsError} from '../errors';
import type {Ledger, ScriptDataSource} from './ledger-types';

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
  const dialect = dialectFor(connectorName);
  if (!dialect) {
    throw new Error(`no migration ledger for the ${connectorName} connector`);
  }
  return dialect.ledger(dataSource, parts);
}
