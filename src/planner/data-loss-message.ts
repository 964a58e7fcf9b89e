import type {DataLoss} from './data-loss';

/**
 * How to keep the data, per kind of loss, in the order a message gives
 * them: a dropped column's data is kept by its property; the values a type
 * change would alter, by the old type or by converting them first into
 * values the new type holds; the NULLs a NOT NULL would turn into zero
 * values, by an optional property or by filling those rows first.
 */
const KEEP: Readonly<Record<DataLoss['kind'], string>> = {
  'drop-column':
    'To keep the data of a dropped column, keep (or map) its property in the model.',
  'drop-table': 'To keep the rows of a dropped table, keep its model.',
  'change-type':
    "To keep the values a type change would alter, change the property's type back, " +
    "or convert (or fix) the values first, in a migration script with runs = 'before-schema', " +
    'so that the new type holds them.',
  'set-not-null':
    'To keep the NULLs a NOT NULL would turn into zero values, keep the property optional, ' +
    "or fill those rows first, in a migration script with runs = 'before-schema'.",
};

/**
 * The message of a `DataLossError`: what would be lost, and how to proceed;
 * `unchanged` says what the refused run left changed.
 */
export function dataLossMessage(
  losses: readonly DataLoss[],
  unchanged: string,
): string {
  const lines = losses.map(
    loss =>
      `  - datasource "${loss.dataSource}", model ${loss.model}, table ${loss.table}: ${loss.description}\n` +
      `      ${loss.sql.replace(/\s+/g, ' ')}` +
      (loss.hint ? `\n      ${loss.hint}` : ''),
  );
  return (
    'Schema migration refused: it would destroy stored data, and acceptDataLoss is not set. ' +
    `${unchanged}\n` +
    lines.join('\n') +
    `\n${keepAdvice(losses)} ` +
    ACCEPT_DATA_LOSS_IN_CODE
  );
}

/** How to keep the data of these losses: one sentence per kind they hold. */
function keepAdvice(losses: readonly DataLoss[]): string {
  const kinds = new Set(losses.map(loss => loss.kind));
  return (Object.keys(KEEP) as DataLoss['kind'][])
    .filter(kind => kinds.has(kind))
    .map(kind => KEEP[kind])
    .join(' ');
}

/**
 * How a {@link dataLossMessage} says to proceed from code; the command line
 * replaces it with its flag.
 */
export const ACCEPT_DATA_LOSS_IN_CODE =
  'To proceed and lose that data, run again with acceptDataLoss: true: ' +
  'migrateSchema({acceptDataLoss: true}), or `--accept-data-loss` with a ' +
  'migrate script that uses runMigrationCli (the src/migrate.ts that lb4 ' +
  'generates ignores that flag: switch it to runMigrationCli, see the README).';
