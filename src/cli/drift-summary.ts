/** Statements under `schemaSource: 'scripts'`: the drift, never run. */
export function driftSummary(statements: number, failing: number): string {
  return (
    `${statements} statement(s) of drift from the models, which a ` +
    'scripts-only deploy does not run' +
    (failing > 0 ? ` (${failing} would fail if run)` : '')
  );
}

/**
 * What a drift refusal says of `schemaDrift: 'warn'` on the command line:
 * no flag sets it (API.md lists none), so where the option goes, the app's
 * `migrateSchema()` override, which `migrate` runs; `--dry-run` and
 * `--check` never call an override.
 */
export const DRIFT_WARN_FROM_CLI =
  "schemaDrift: 'warn' reports it without failing. No flag sets it: pass it on in a " +
  'migrateSchema() override of the application class, ' +
  '`async migrateSchema(options?: SchemaMigrationOptions) ' +
  "{ await super.migrateSchema({...options, schemaDrift: 'warn'}); }`, " +
  'which migrate runs (--dry-run and --check do not: they still refuse).';
