import type {ModelSpec} from '../test/support/app-builder';
import {chainedModels} from '../test/support/schemas';

/**
 * How the foreign keys of `chainedModels()` are declared.
 *
 * - `as-written`: as `chainedModels()` writes them (`foreignKey: 'parentId'`,
 *   the property name).
 * - `column-names`: `foreignKey` names the column as PostgreSQL stores it
 *   (`parentid`), the spelling stock LoopBack needs on PostgreSQL
 *   (loopback-next #8685). Both implementations accept it.
 */
export type ForeignKeySpelling = 'as-written' | 'column-names';

/**
 * The measured scenarios: (a), (b), (c), and (b) planned in full
 * (`fullCheck: true`: ours without its fingerprint fast path).
 */
export type Scenario = 'fresh' | 'up-to-date' | 'add-property' | 'full-check';

/** The property scenario (c) adds, and to how many models. */
export const ADDED_PROPERTY = 'extra';
export const MODELS_CHANGED = 10;

/**
 * The models the measured app declares: `chainedModels(count)` (fresh
 * objects each call), with the foreign keys spelt as asked and, for
 * scenario (c), {@link ADDED_PROPERTY} added to {@link MODELS_CHANGED}
 * models spread evenly over the chain.
 */
export function benchModels(
  count: number,
  spelling: ForeignKeySpelling,
  scenario: Scenario,
): ModelSpec[] {
  const changed = new Set(changedModelIndexes(count));
  return chainedModels(count).map((spec, index) => {
    const respelt = spelling === 'column-names' ? withColumnNames(spec) : spec;
    if (scenario !== 'add-property' || !changed.has(index)) return respelt;
    return {
      ...respelt,
      properties: {...respelt.properties, [ADDED_PROPERTY]: {type: 'string'}},
    };
  });
}

/** The 0-based indexes of the models scenario (c) changes. */
export function changedModelIndexes(count: number): number[] {
  const changed = Math.min(MODELS_CHANGED, count);
  return Array.from({length: changed}, (_, i) =>
    Math.floor((i * count) / changed),
  );
}

function withColumnNames(spec: ModelSpec): ModelSpec {
  const foreignKeys = spec.settings?.foreignKeys as
    Record<string, {foreignKey?: string}> | undefined;
  if (!foreignKeys) return spec;
  const respelt = Object.fromEntries(
    Object.entries(foreignKeys).map(([name, fk]) => [
      name,
      {...fk, foreignKey: fk.foreignKey?.toLowerCase()},
    ]),
  );
  return {...spec, settings: {...spec.settings, foreignKeys: respelt}};
}
