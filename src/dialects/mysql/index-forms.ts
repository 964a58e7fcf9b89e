import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';

/**
 * Refuse an index of `settings.indexes` in a form the mysql connector does
 * not read, before any change:
 * - neither `keys` nor `columns`, as juggler's shorthand declares one
 *   (`by_code: {code: 1, grp: -1}`, which the postgresql connector reads):
 *   the connector finds no key in it, so it made no index in a new table,
 *   in silence, and wrote `ADD INDEX by_code ()` (a syntax error) for an
 *   existing one, run after run; so with a string (`by_code: 'code, grp
 *   DESC'`, which the postgresql connector reads too);
 * - `keys` as an array or a string: the connector takes its positions
 *   (`0`, `1`) for column names;
 * - `columns` as anything but a string: a new table got the index, and
 *   every later run failed with "columns.split is not a function";
 * - `null`: the connector fails when it creates the table ("Cannot read
 *   properties of null").
 * (A number, `true` or empty `keys`: `refuseColumnlessIndexes`.)
 */
export function checkMysqlIndexForms(
  connector: JugglerConnector,
  model: string,
): void {
  const indexes = (connector._models?.[model]?.settings.indexes ??
    {}) as Record<string, unknown>;
  for (const [name, index] of Object.entries(indexes)) {
    const problem = unreadForm(index);
    if (problem === undefined) continue;
    throw new InvalidModelError(
      `model ${model}, index "${name}": declared ${problem.form} ` +
        `(${JSON.stringify(index) ?? String(index)}), which the mysql connector ` +
        `does not read: ${problem.effect}. Declare ${declaration(index)} ` +
        '(with options: {unique: true} for a unique index).',
      model,
    );
  }
}

/** What is wrong with an entry of `settings.indexes`, if anything. */
function unreadForm(
  index: unknown,
): {form: string; effect: string} | undefined {
  const missing =
    'it makes no index in a new table and fails with a syntax error on an existing one';
  if (index === null || index === undefined) {
    return {form: 'as null', effect: 'it fails when it creates the table'};
  }
  if (typeof index === 'string') return {form: 'as a string', effect: missing};
  if (typeof index !== 'object') return undefined;
  const {keys, columns} = index as {keys?: unknown; columns?: unknown};
  if (columns !== undefined && typeof columns !== 'string') {
    return {
      form: 'with columns that are not a string',
      effect: 'every run after the one that makes the index fails',
    };
  }
  if (Array.isArray(keys) || typeof keys === 'string') {
    return {
      form: `with keys as ${Array.isArray(keys) ? 'an array' : 'a string'}`,
      effect: 'it takes their positions (0, 1, ...) for column names',
    };
  }
  if (keys || columns) return undefined;
  return {form: 'without keys or columns', effect: missing};
}

/** The `keys` to declare for an entry: its columns, in order, with their directions. */
function declaration(index: unknown): string {
  const listed = listedColumns(index);
  return listed.length > 0
    ? `keys: {${listed.map(([key, direction]) => `${key}: ${direction}`).join(', ')}}`
    : "keys: {column: 1} (or columns: 'a, b'), or remove the entry";
}

function listedColumns(index: unknown): [string, number][] {
  const {keys, columns} = (index ?? {}) as {keys?: unknown; columns?: unknown};
  const list =
    typeof index === 'string'
      ? index
      : typeof keys === 'string' || Array.isArray(keys)
        ? keys
        : Array.isArray(columns)
          ? columns
          : undefined;
  if (list !== undefined) {
    return (typeof list === 'string' ? list.split(',') : list)
      .map(key => String(key).trim().split(/\s+/))
      .filter(([key]) => key !== '')
      .map(([key, order]) => [key, /^desc$/i.test(order ?? '') ? -1 : 1]);
  }
  if (typeof index !== 'object' || index === null) return [];
  return Object.entries(index).flatMap(([key, direction]) =>
    direction === 1 || direction === -1 ? [[key, direction]] : [],
  );
}
