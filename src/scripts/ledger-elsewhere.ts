import type {Ledger} from './ledger-types';

/**
 * Refuse to create a ledger that the user's `search_path` puts beside one
 * it does not reach (PostgreSQL: `ALTER ROLE r SET search_path = app`
 * while the ledger is in `public`): the new, empty ledger would run every
 * script recorded in the other one again.
 *
 * @throws Error naming both schemas and the fixes (the caller makes it a
 * MigrationLedgerError)
 */
export async function refuseLedgerElsewhere(
  ledger: Ledger,
  tableName: string,
): Promise<void> {
  const found = await ledger.elsewhere?.();
  if (!found || found.schemas.length === 0) return;
  const schemas = found.schemas.map(s => `"${s}"`).join(', ');
  const where =
    found.target === null
      ? "the search_path of the datasource's user, which names no existing schema"
      : `schema "${found.target}", the first of the search_path of the datasource's user`;
  throw new Error(
    `a table ${tableName} exists in schema(s) ${schemas}, but the name ` +
      `resolves to ${where}, which has none: a new ledger there would run ` +
      'again every script recorded in the other one. No script was run. ' +
      'Bind the ledger table with its schema, e.g. ' +
      `app.bind(MIGRATION_LEDGER_TABLE).to('${found.schemas[0]}.${tableName}'), ` +
      `or put schema ${found.schemas[0]} in the user's search_path ` +
      `(ALTER ROLE <user> SET search_path = ...).`,
  );
}
