import type {Dialect} from '../dialects/contract';
import {describeTable, tableKey, type TableRef} from '../dialects/dialect';
import {InvalidModelError} from '../errors';
import type {JugglerConnector} from '../juggler';
import {stateTableBeside} from './fast-path';

/**
 * Refuse a model whose table is one this package keeps for itself: the
 * scripts' ledger, or the table of schema fingerprints beside it. The plan
 * would make that table look like the model (dropping the package's
 * columns, on every run), and the package would fail to read or record
 * its rows; found before any change.
 *
 * @throws InvalidModelError naming the model, the table and what it is for
 */
export function refusePackageTables(
  connector: JugglerConnector,
  dialect: Dialect,
  models: readonly string[],
  ledgerTable: readonly [string] | readonly [string, string],
  settings: object,
): void {
  const inSchema = (parts: readonly string[]): TableRef =>
    parts.length === 2
      ? {schema: parts[0], name: parts[1]}
      : {...dialect.defaultModelTable(settings, parts[0]), name: parts[0]};
  const kept = [
    {
      table: inSchema(ledgerTable),
      what: 'the ledger of migration scripts',
      fix: 'or bind MIGRATION_LEDGER_TABLE to another name for the ledger',
    },
    {
      table: inSchema(stateTableBeside(ledgerTable)),
      what: 'the table of schema fingerprints (the fast path)',
      fix: 'this name is kept for that table',
    },
  ];
  for (const model of models) {
    const table = dialect.tableOf(connector, model);
    const taken = kept.find(k => tableKey(k.table) === tableKey(table));
    if (!taken) continue;
    throw new InvalidModelError(
      `model ${model} maps to table ${describeTable(table)}, which is ${taken.what} of ` +
        'loopback-schema-migration: a migration would change it to the properties of the ' +
        "model, dropping the package's own columns, on every run. Give the model a table of " +
        `its own (settings.${connector.name ?? 'connector'}.table); ${taken.fix}. A model ` +
        'that only reads the table must be left out of the migration (the models option).',
      model,
    );
  }
}
