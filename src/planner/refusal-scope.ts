import type {SchemaMigrationReport} from '../types';

/** What a refusal says when the run it stops had changed nothing. */
const NOTHING_CHANGED = 'Nothing was changed.';

/**
 * What stays changed when a run is refused before its schema change: nothing,
 * or the migration scripts with `runs = 'before-schema'` that ran first (the
 * plan is judged after them, and they committed before it).
 */
export function unchangedBeforeSchema(
  report: SchemaMigrationReport | undefined,
): string {
  const ran = (report?.scripts ?? []).filter(s => s.status === 'applied');
  if (ran.length === 0) return NOTHING_CHANGED;
  const versions = ran.map(s => s.version).join(', ');
  return ran.length === 1
    ? `No schema change was made, but the migration script ${versions} ` +
        "(runs = 'before-schema') ran first and stays applied."
    : `No schema change was made, but the migration scripts ${versions} ` +
        "(runs = 'before-schema') ran first and stay applied.";
}
