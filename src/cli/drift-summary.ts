/** Statements under `schemaSource: 'scripts'`: the drift, never run. */
export function driftSummary(statements: number, failing: number): string {
  return (
    `${statements} statement(s) of drift from the models, which a ` +
    'scripts-only deploy does not run' +
    (failing > 0 ? ` (${failing} would fail if run)` : '')
  );
}
