import type {Context} from '@loopback/core';
import type {ScriptTarget} from './data-source';
import type {LoadedScript} from './load';
import {loopback4MigrationApplied} from './loopback4-migration-ledger';
import type {Ledger, LedgerRow} from './ledger-types';

/** A script loopback4-migration applied, missing from our ledger. */
export interface Adoption {
  readonly script: LoadedScript;
  /** When loopback4-migration applied it. */
  readonly appliedAt: Date;
  /** Its table, quoted. */
  readonly table: string;
}

/**
 * The scripts of a datasource that are not in its ledger `rows` but that
 * loopback4-migration recorded as applied (in the datasource it keeps its
 * records in, one of `targets`: see `loopback4MigrationApplied()`): they
 * count as applied. Its table is read only when some script is missing
 * from `rows`, so an up-to-date run costs no query.
 */
export async function loopback4MigrationAdoptions(
  app: Context,
  target: ScriptTarget,
  scripts: readonly LoadedScript[],
  rows: readonly LedgerRow[],
  targets: readonly ScriptTarget[],
): Promise<Adoption[]> {
  const missing = scripts.filter(
    s =>
      s.dataSource === target.name && !rows.some(r => r.version === s.version),
  );
  if (missing.length === 0) return [];
  const theirs = await loopback4MigrationApplied(app, targets);
  if (!theirs) return [];
  return missing.flatMap(script => {
    const appliedAt = theirs.applied.get(script.version);
    return appliedAt ? [{script, appliedAt, table: theirs.table}] : [];
  });
}

/**
 * The ledger row of a script recorded as applied without running it (a
 * baseline, or an adoption): the checksum of its code now, no duration.
 */
export function unrunRow(
  script: LoadedScript,
  appliedAt = new Date(),
): LedgerRow {
  return {
    version: script.version,
    name: script.name,
    description: script.description,
    checksum: script.checksum,
    appliedAt,
    durationMs: 0,
  };
}

/**
 * Record scripts as applied without running them, creating the ledger
 * table unless it exists. Resolves to the rows written.
 */
export async function recordUnrun(
  ledger: Ledger,
  items: readonly {script: LoadedScript; appliedAt?: Date}[],
): Promise<LedgerRow[]> {
  if (items.length === 0) return [];
  await ledger.create();
  const rows: LedgerRow[] = [];
  for (const {script, appliedAt} of items) {
    const row = unrunRow(script, appliedAt);
    await ledger.insert(row);
    rows.push(row);
  }
  return rows;
}

/** Why an adopted script is recorded without running, for the report. */
export function adoptionReason(adoption: Adoption, dryRun: boolean): string {
  return (
    `applied by loopback4-migration (its table ${adoption.table} records it)` +
    (dryRun
      ? ': counts as applied (dry run: not recorded)'
      : ': recorded as applied, not run')
  );
}
