import {MigrationChecksumError} from '../errors';
import type {ResolvedMigrationOptions} from '../options';
import type {SchemaMigrationReport} from '../types';
import {connectForLedger} from './connect';
import {ledgerFor} from './ledger';
import type {LedgerRow} from './ledger-types';
import {checksumMessage} from './messages';
import type {ScriptRun} from './script-run';
import {compareWithLedgers} from './status';

/**
 * Refuse a run whose applied migration scripts' code changed before it
 * changes anything (a `before-schema` script, the schema sync), as the
 * other refusals of a run are: read the ledger of each datasource the
 * scripts of `run` are on (without the lock; the read is kept in
 * `run.unlockedReads` for the run's script phases, which read again under
 * the lock where a script is to run) and compare the checksums. Nothing to
 * do with `acceptChecksumChanges` (the script phase records the new ones).
 *
 * @throws MigrationChecksumError listing every changed script
 */
export async function refuseChangedScripts(
  run: ScriptRun | undefined,
  report: SchemaMigrationReport,
  options: Pick<ResolvedMigrationOptions, 'acceptChecksumChanges'>,
): Promise<void> {
  if (!run || options.acceptChecksumChanges) return;
  const rows = new Map<string, readonly LedgerRow[]>();
  for (const target of run.targets) {
    if (target.disabled) continue;
    if (!run.scripts.some(s => s.dataSource === target.name)) continue;
    let recorded = run.unlockedReads.get(target.name);
    if (!recorded) {
      await connectForLedger(target);
      recorded = await ledgerFor(target, run.ledgerTable).read();
      run.unlockedReads.set(target.name, recorded);
    }
    rows.set(target.name, recorded);
  }
  const {changed} = compareWithLedgers(run.scripts, rows, run.versions);
  if (changed.length > 0) {
    throw new MigrationChecksumError(checksumMessage(changed), changed, report);
  }
}
