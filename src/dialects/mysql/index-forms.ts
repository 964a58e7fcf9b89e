import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';

/**
 * Refuse an index of `settings.indexes` with neither `keys` nor `columns`,
 * as juggler's shorthand declares one (`by_code: {code: 1, grp: -1}`,
 * which the postgresql connector reads): the mysql connector finds no key
 * in it, so it made no index in a new table, in silence, and wrote
 * `ADD INDEX by_code ()` (a syntax error) for an existing one, run after
 * run.
 */
export function checkMysqlIndexForms(
  connector: JugglerConnector,
  model: string,
): void {
  const indexes = (connector._models?.[model]?.settings.indexes ??
    {}) as Record<string, unknown>;
  for (const [name, index] of Object.entries(indexes)) {
    if (typeof index !== 'object' || index === null) continue;
    const {keys, columns} = index as {keys?: unknown; columns?: unknown};
    if (keys || columns) continue;
    const shorthand = Object.entries(index).filter(
      ([, direction]) => direction === 1 || direction === -1,
    );
    const fix =
      shorthand.length > 0
        ? `keys: {${shorthand.map(([key, direction]) => `${key}: ${String(direction)}`).join(', ')}}`
        : "keys: {column: 1} (or columns: 'a, b')";
    throw new InvalidModelError(
      `model ${model}, index "${name}": declared without keys or columns ` +
        `(${JSON.stringify(index)}), which the mysql connector does not read: ` +
        'it makes no index in a new table and fails with a syntax error on an ' +
        `existing one. Declare ${fix} (with options: {unique: true} for a unique index).`,
      model,
    );
  }
}
