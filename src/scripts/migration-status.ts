import type {Context} from '@loopback/core';
import {findDataSources} from '../discovery/data-sources';
import {ensureConnected, stopWatchingConnectionErrors} from '../juggler';
import {scriptTargets} from './data-source';
import {ledgerFor, type LedgerRow} from './ledger';
import {ledgerTableOf} from './ledger-table';
import {loadScripts} from './load';
import {scriptStatuses} from './status';
import type {MigrationScriptStatus} from './types';

/**
 * Every registered migration script, and every ledger row no script has any
 * more, with its state: `applied`, `pending`, `changed` or `missing`.
 * Reads the ledger of every PostgreSQL and MySQL datasource; changes
 * nothing and takes no lock.
 *
 * @throws InvalidMigrationScriptError for an unusable script
 */
export async function migrationStatus(
  app: Context,
): Promise<MigrationScriptStatus[]> {
  const targets = await findDataSources(app, 'autoupdate');
  try {
    const scripts = await loadScripts(app, targets);
    const table = await ledgerTableOf(app);
    const rows = new Map<string, LedgerRow[]>();
    for (const target of scriptTargets(targets)) {
      await ensureConnected(target.dataSource);
      const ledger = ledgerFor(target.connectorName, target.dataSource, table);
      rows.set(target.name, await ledger.read());
    }
    return scriptStatuses(scripts, rows);
  } finally {
    for (const {dataSource} of targets) {
      if (dataSource) stopWatchingConnectionErrors(dataSource);
    }
  }
}
