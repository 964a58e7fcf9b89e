import {MigrationChecksumError} from '../errors';
import type {ResolvedMigrationOptions} from '../options';
import type {SchemaMigrationReport} from '../types';
import {connectForLedger} from './connect';
import {ledgerFor} from './ledger';
import type {LedgerRow} from './ledger-types';
import {checksumMessage} from './messages';
import type {ScriptRun} from './run-pending';
import {compareWithLedgers} from './status';

/**
 * Refuse a run in which the code of an applied script changed (unless
 * `acceptChecksumChanges`), before anything changes: before the scripts
 * that run before the schema sync, and before the sync. Every script of
 * the run is compared, whatever its `runs` group. The ledgers are read
 * without the lock and kept in `run.unlockedReads`, so the run's phases
 * read them no second time when they need no lock.
 *
 * @throws MigrationChecksumError listing the changed scripts
 */
export async function refuseChangedScripts(
  run: ScriptRun | undefined,
  report: SchemaMigrationReport,
  options: Pick<ResolvedMigrationOptions, 'acceptChecksumChanges'>,
): Promise<void> {
  if (!run || options.acceptChecksumChanges) return;
  const ledgers = new Map<string, readonly LedgerRow[]>();
  for (const target of run.targets) {
    if (target.disabled) continue;
    if (!run.scripts.some(s => s.dataSource === target.name)) continue;
    let rows = run.unlockedReads.get(target.name);
    if (!rows) {
      await connectForLedger(target);
      rows = await ledgerFor(target, run.ledgerTable).read();
      run.unlockedReads.set(target.name, rows);
    }
    ledgers.set(target.name, rows);
  }
  const {changed} = compareWithLedgers(run.scripts, ledgers, run.versions);
  if (changed.length > 0) {
    throw new MigrationChecksumError(checksumMessage(changed), changed, report);
  }
}
