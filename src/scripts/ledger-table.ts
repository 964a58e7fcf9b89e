import type {Context} from '@loopback/core';
import {DEFAULT_MIGRATION_LEDGER_TABLE, MIGRATION_LEDGER_TABLE} from './keys';
import {ledgerTableParts} from './ledger';

/**
 * The ledger table name: what is bound to {@link MIGRATION_LEDGER_TABLE},
 * or {@link DEFAULT_MIGRATION_LEDGER_TABLE}.
 *
 * @throws InvalidMigrationOptionsError for a name that is not a plain identifier
 */
export async function ledgerTableOf(app: Context): Promise<string> {
  const bound = await app.get(MIGRATION_LEDGER_TABLE, {optional: true});
  const name = bound ?? DEFAULT_MIGRATION_LEDGER_TABLE;
  ledgerTableParts(name);
  return name;
}
