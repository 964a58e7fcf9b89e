import type {LedgerRow} from './ledger-types';
import type {LoadedScript} from './load';

/**
 * Whether a run must take a datasource's migration lock for its scripts,
 * given its ledger as read without the lock: a script has no row (it runs,
 * or is adopted or baselined), or changed code is to be accepted (its row
 * is updated). A ledger that already holds every script, unchanged, needs
 * no lock: a start-up reads it and goes on. Changed code that is not
 * accepted needs none either: the run is refused before anything changes.
 */
export function scriptsNeedLock(
  scripts: readonly LoadedScript[],
  rows: readonly LedgerRow[],
  acceptChecksumChanges: boolean,
): boolean {
  const byVersion = new Map(rows.map(row => [row.version, row]));
  return scripts.some(script => {
    const row = byVersion.get(script.version);
    return !row || (acceptChecksumChanges && row.checksum !== script.checksum);
  });
}
