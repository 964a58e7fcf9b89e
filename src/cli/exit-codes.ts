/**
 * Exit codes of {@link runMigrationCli}: `pending` is `--check` finding
 * changes that would apply cleanly; `refused` a run (or the run `--check`
 * looks at) refused before any change: data loss without
 * `--accept-data-loss`, a predicted failure, a checksum mismatch.
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  pending: 3,
  refused: 4,
} as const;
