import {withRunScope} from '../runner/run-scope';
import type {Context} from '@loopback/core';
import {connectForLedger} from './connect';
import {loopback4MigrationAdoptions, unrunRow} from './adopt';
import {disabledReason, scriptTargets} from './data-source';
import {ledgerFor} from './ledger';
import {ledgerTableOf} from './ledger-table';
import {loadScripts} from './load';
import {scriptStatuses} from './status';
import type {MigrationScriptStatus} from './types';
import type {LedgerRow} from './ledger-types';

/**
 * Every registered migration script, and every ledger row no script has any
 * more, with its state: `applied`, `pending`, `changed`, `missing` or
 * `skipped` (a datasource that cannot run it, or has `disableMigration`).
 * Reads the ledger of every PostgreSQL and MySQL datasource (a script
 * that loopback4-migration applied in its database counts as applied);
 * changes nothing and takes no lock.
 *
 * @throws InvalidMigrationScriptError for an unusable script
 */
export async function migrationStatus(
  app: Context,
): Promise<MigrationScriptStatus[]> {
  return withRunScope(app, {operation: 'autoupdate'}, async ({targets}) => {
    const scripts = await loadScripts(app, targets);
    const table = await ledgerTableOf(app);
    const rows = new Map<string, LedgerRow[]>();
    const readable = scriptTargets(targets);
    for (const target of readable) {
      await connectForLedger(target);
      const ledger = ledgerFor(target, table);
      const recorded = await ledger.read();
      const adoptions = await loopback4MigrationAdoptions(
        app,
        target,
        scripts,
        recorded,
        readable,
      );
      rows.set(target.name, [
        ...recorded,
        ...adoptions.map(a => unrunRow(a.script, a.appliedAt)),
      ]);
    }
    const disabled = new Map(
      readable.flatMap(t => {
        const reason = disabledReason(t);
        return reason ? [[t.name, reason] as const] : [];
      }),
    );
    return scriptStatuses(scripts, rows, disabled);
  });
}
