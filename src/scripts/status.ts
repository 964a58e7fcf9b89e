import type {ChangedMigrationScript} from '../errors';
import type {LoadedScript} from './load';
import type {MigrationScriptPhase, MigrationScriptStatus} from './types';
import {compareVersions} from './version-order';
import type {LedgerRow} from './ledger-types';

/** A script that is not in its datasource's ledger. */
export interface PendingScript {
  readonly script: LoadedScript;
  /** The highest applied version above this one, when it runs out of order. */
  readonly after?: string;
}

/** A ledger row no registered script has the version of. */
export interface MissingScript {
  readonly dataSource: string;
  readonly row: LedgerRow;
}

/** Scripts compared with the ledgers: what is pending, changed, missing. */
export interface ScriptComparison {
  /** In version order. */
  readonly pending: PendingScript[];
  readonly changed: ChangedMigrationScript[];
  readonly missing: MissingScript[];
}

/**
 * Compare the registered scripts with the ledgers read (by datasource name).
 * A script is pending when its datasource's ledger has no row of its
 * version: every such script runs, also one with a lower version than an
 * applied one of the same `runs` group (it is then out of order). A ledger
 * row whose version no script has (on any datasource; `versions`, the
 * `runs` group of every script by version, by default those of `scripts`)
 * is missing. Scripts of datasources without an entry in `ledgers` are left
 * out.
 */
export function compareWithLedgers(
  scripts: readonly LoadedScript[],
  ledgers: ReadonlyMap<string, readonly LedgerRow[]>,
  versions: ReadonlyMap<string, MigrationScriptPhase> = scriptGroups(scripts),
): ScriptComparison {
  const pending: PendingScript[] = [];
  const changed: ChangedMigrationScript[] = [];
  for (const script of scripts) {
    const rows = ledgers.get(script.dataSource);
    if (!rows) continue;
    const row = rows.find(r => r.version === script.version);
    if (!row) {
      // The groups run apart (every 'before-schema' script first): only a
      // higher version of the same group (or of a script no longer in the
      // code) puts this one out of order.
      const higher = rows
        .filter(
          r =>
            compareVersions(r.version, script.version) > 0 &&
            (versions.get(r.version) ?? script.runs) === script.runs,
        )
        .map(r => r.version)
        .sort(compareVersions);
      pending.push({script, after: higher.at(-1)});
    } else if (row.checksum !== script.checksum) {
      changed.push({
        version: script.version,
        dataSource: script.dataSource,
        name: script.name,
        appliedChecksum: row.checksum,
        checksum: script.checksum,
      });
    }
  }
  const missing: MissingScript[] = [];
  for (const [dataSource, rows] of ledgers) {
    for (const row of rows) {
      if (!versions.has(row.version)) missing.push({dataSource, row});
    }
  }
  return {pending, changed, missing};
}

/**
 * Every script and every ledger row, each with its state, sorted by version
 * (then datasource). A script whose datasource cannot run it is `skipped`;
 * so is one not applied on a datasource that `disabled` gives a reason for
 * (its `disableMigration`), as a run reports it.
 */
export function scriptStatuses(
  scripts: readonly LoadedScript[],
  ledgers: ReadonlyMap<string, readonly LedgerRow[]>,
  disabled: ReadonlyMap<string, string> = new Map(),
): MigrationScriptStatus[] {
  const {pending, changed, missing} = compareWithLedgers(scripts, ledgers);
  const statuses: MigrationScriptStatus[] = [];
  for (const script of scripts) {
    const rows = ledgers.get(script.dataSource) ?? [];
    const row = rows.find(r => r.version === script.version);
    const waiting = pending.find(p => p.script === script);
    const base = {
      version: script.version,
      description: script.description,
      dataSource: script.dataSource,
      name: script.name,
      checksum: script.checksum,
      reversible: script.reversible,
    };
    const skippedFor =
      script.cannotRun ?? (row ? undefined : disabled.get(script.dataSource));
    if (skippedFor) {
      statuses.push({
        ...base,
        status: 'skipped',
        reason: skippedFor,
        outOfOrder: false,
      });
      continue;
    }
    if (!row) {
      statuses.push({
        ...base,
        status: 'pending',
        outOfOrder: waiting?.after !== undefined,
      });
      continue;
    }
    const isChanged = changed.some(
      c => c.version === script.version && c.dataSource === script.dataSource,
    );
    statuses.push({
      ...base,
      status: isChanged ? 'changed' : 'applied',
      appliedAt: row.appliedAt,
      durationMs: row.durationMs,
      appliedChecksum: row.checksum,
      outOfOrder: false,
    });
  }
  for (const {dataSource, row} of missing) {
    statuses.push({
      version: row.version,
      description: row.description,
      dataSource,
      name: row.name,
      status: 'missing',
      appliedAt: row.appliedAt,
      durationMs: row.durationMs,
      appliedChecksum: row.checksum,
      outOfOrder: false,
      reversible: false,
    });
  }
  return statuses.sort(
    (a, b) =>
      compareVersions(a.version, b.version) ||
      (a.dataSource < b.dataSource ? -1 : a.dataSource > b.dataSource ? 1 : 0),
  );
}

/** The `runs` group of each script, by version. */
export function scriptGroups(
  scripts: readonly LoadedScript[],
): Map<string, MigrationScriptPhase> {
  return new Map(scripts.map(s => [s.version, s.runs]));
}
