/** A planned statement the database would refuse with the current data. */
export interface PredictedFailure {
  readonly dataSource: string;
  readonly model: string;
  /** The table, as `"schema"."table"` or `"table"`. */
  readonly table: string;
  readonly sql: string;
  /** What fails, on which rows, and how to fix it. */
  readonly description: string;
}

/**
 * The message of a `MigrationWillFailError`: what would fail, and how to
 * proceed; `unchanged` says what the refused run left changed.
 */
export function willFailMessage(
  failures: readonly PredictedFailure[],
  unchanged: string,
): string {
  const lines = failures.map(
    f =>
      `  - datasource "${f.dataSource}", model ${f.model}, table ${f.table}: ${f.description}\n` +
      `      ${f.sql.replace(/\s+/g, ' ')}`,
  );
  return (
    'Schema migration refused: the database would reject these statements with the data it ' +
    `holds now, or this package refuses them as each line says. ${unchanged}\n` +
    lines.join('\n') +
    '\nFix the data (or the model) as each line says, then run again; ' +
    'acceptDataLoss (--accept-data-loss) does not help: these statements are refused whatever the data loss.'
  );
}
