import {InvalidModelError} from '../errors';
import type {JugglerConnector} from '../juggler';

/**
 * Refuse an entry of `settings.indexes` that names no column: a number or
 * `true` (`by_code: 1`), or empty `keys` (`{}`, `[]`, `''`) without
 * `columns`. Neither SQL connector reads a column from it: they write an
 * index on no column (`CREATE INDEX "by_code" ON ... ( )`), which the
 * database refuses at that statement, or make no index in a new table, in
 * silence, and fail so on the next run. Found before any change.
 *
 * @throws InvalidModelError naming the index and what to declare
 */
export function refuseColumnlessIndexes(
  connector: JugglerConnector,
  model: string,
): void {
  const indexes: unknown = connector._models?.[model]?.settings.indexes;
  if (typeof indexes !== 'object' || indexes === null) return;
  for (const [name, entry] of Object.entries(indexes)) {
    if (!namesNoColumn(entry)) continue;
    throw new InvalidModelError(
      `model ${model}: the index "${name}" of settings.indexes names no column ` +
        `(${JSON.stringify(entry)}): the connector writes an index on no column, ` +
        'which the database refuses mid-run (or makes no index in a new table, ' +
        'in silence, and fails on the next run). Declare its columns, as ' +
        `${name}: {keys: {column: 1}} (with options: {unique: true} for a unique ` +
        'index), or remove the entry.',
      model,
    );
  }
}

function namesNoColumn(entry: unknown): boolean {
  if (typeof entry === 'number' || entry === true) return true;
  if (typeof entry !== 'object' || entry === null) return false;
  const {keys, columns} = entry as {keys?: unknown; columns?: unknown};
  if (keys === undefined || columns !== undefined) return false;
  return typeof keys === 'object' && keys !== null
    ? Object.keys(keys).length === 0
    : keys === '';
}
