import type {Context} from '@loopback/core';
import {dialectFor} from '../dialects';
import type {TableOwnership} from '../planner/unmodelled';
import {ledgerTableOf} from '../scripts/ledger-table';
import {loopback4MigrationModel} from '../scripts/loopback4-migration';
import type {DataSourceTarget} from './data-sources';
import {tableKey} from '../dialects/dialect';
import {SCHEMA_STATE_TABLE} from '../runner/schema-state-driver';

/** Which tables belong to the app, and what that is read from. */
export interface AppTables {
  /** Whether a table belongs to the app. */
  readonly owned: TableOwnership;
  /**
   * The tables the app's models map to (`tableKey()`) and the ledgers'
   * names, sorted: part of each datasource's fingerprint, since its
   * warnings name the tables of its schemas that none of them is (a model
   * another datasource of the app gains or loses changes them).
   */
  readonly ownership: readonly string[];
}

/**
 * Which tables belong to the app: those a model of any of its planned
 * datasources maps to (two datasources may share one database), and the
 * ledgers of migration scripts (this package's and loopback4-migration's)
 * and the table of schema fingerprints, whatever their schema.
 */
export async function appTables(
  app: Context,
  targets: readonly DataSourceTarget[],
): Promise<AppTables> {
  const modelled = new Set<string>();
  for (const {connectorName, dataSource} of targets) {
    const dialect = dialectFor(connectorName);
    const connector = dataSource?.connector;
    if (!dialect || !connector) continue;
    for (const model of Object.keys(connector._models ?? {})) {
      modelled.add(tableKey(dialect.tableOf(connector, model)));
    }
  }
  const ledgers = new Set(
    [
      await ledgerTableOf(app),
      await loopback4MigrationModel(app),
      SCHEMA_STATE_TABLE,
    ].map(name =>
      // The ledger option may be schema-qualified.
      name.split('.').pop()!.toLowerCase(),
    ),
  );
  return {
    owned: table =>
      modelled.has(tableKey(table)) || ledgers.has(table.name.toLowerCase()),
    ownership: [...modelled, ...ledgers].sort(),
  };
}
