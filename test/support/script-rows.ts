import type {LedgerRow} from '../../src/scripts/ledger-types';
import type {LoadedScript} from '../../src/scripts/load';

/** A loaded script of datasource `db`, for unit tests of the ledger logic. */
export function loadedScript(
  version: string,
  extra: Partial<LoadedScript> = {},
): LoadedScript {
  return {
    instance: {version, up: async () => {}},
    version,
    name: `S${version}`,
    dataSource: 'db',
    runs: 'after-schema',
    checksum: `sum-${version}`,
    reversible: true,
    ...extra,
  };
}

/** The ledger row of {@link loadedScript}`(version)`, as recorded. */
export function ledgerRow(
  version: string,
  extra: Partial<LedgerRow> = {},
): LedgerRow {
  return {
    version,
    name: `S${version}`,
    checksum: `sum-${version}`,
    appliedAt: new Date('2024-05-01T12:00:00Z'),
    durationMs: 3,
    ...extra,
  };
}
