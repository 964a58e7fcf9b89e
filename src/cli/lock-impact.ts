import type {LockImpact, PlannedStatement} from '../types';

const LOCK_WORDS: Readonly<Record<LockImpact, string>> = {
  none: 'no lock',
  brief: 'brief lock',
  'blocks-writes': 'blocks writes',
  'blocks-reads-and-writes': 'blocks reads and writes',
};

/**
 * What a statement does to the app using its table, in words
 * (`blocks writes, rewrites table, ~1,000,000 rows, 84 MB`), or
 * `undefined` when it does nothing to anyone (a new table).
 */
export function describeLockImpact(
  statement: PlannedStatement,
): string | undefined {
  const {lock} = statement;
  if (!lock || (lock === 'none' && !statement.scansTable)) return undefined;
  return [
    LOCK_WORDS[lock],
    statement.rewritesTable
      ? 'rewrites table'
      : statement.scansTable
        ? 'scans table'
        : '',
    statement.estimatedRows !== undefined
      ? `~${statement.estimatedRows.toLocaleString('en-US')} ${statement.estimatedRows === 1 ? 'row' : 'rows'}`
      : '',
    statement.estimatedBytes !== undefined
      ? formatBytes(statement.estimatedBytes)
      : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** `true` when the statement keeps the app from writing (or reading) its table while it works. */
export function blocksTheApp(statement: PlannedStatement): boolean {
  return (
    statement.lock === 'blocks-writes' ||
    statement.lock === 'blocks-reads-and-writes'
  );
}

/** `84 MB`, `512 kB`, `0 B` (powers of 1024, as the databases count pages). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
