import type {TableRef} from '../dialects/dialect';
import type {
  SchemaStateDriver,
  SchemaStateRead,
  SchemaStateScope,
  StoredSchemaState,
} from './schema-state-driver';

/**
 * Whether the row read before the plan (`read`, a full check's) already
 * records what a plan that found nothing to do would: the same model
 * fingerprint and warnings, with the digest of the catalog as it was read
 * then, which the plan verified. Writing it again would change nothing the
 * next run reads: when the catalog changed since, the next run sees another
 * digest, as it would in the row a write would record (see
 * `SchemaStateDriver.write`).
 */
export function unchangedRecord(
  store: SchemaStateDriver,
  scope: SchemaStateScope & {readonly tables: readonly TableRef[]},
  recorded: Omit<StoredSchemaState, 'catalogDigest'>,
  read: SchemaStateRead | undefined,
): boolean {
  const stored = read?.stored;
  return (
    read !== undefined &&
    stored !== undefined &&
    read.coverage === store.coverageOf(scope.tables) &&
    stored.catalogDigest === read.catalogDigest &&
    stored.modelFingerprint === recorded.modelFingerprint &&
    sameList(stored.warnings, recorded.warnings) &&
    stored.sourcesFingerprint === recorded.sourcesFingerprint &&
    sameList(stored.models ?? [], recorded.models ?? [])
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, at) => item === b[at]);
}
