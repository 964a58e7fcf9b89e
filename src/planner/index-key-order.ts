/**
 * Model settings for a fingerprint, with the keys of each of
 * `settings.indexes` written as their entries, in order: a fingerprint's
 * JSON sorts every object's keys, but the order of an index's keys is the
 * order of its columns (`{weight: 1, code: 1}` is another index than
 * `{code: 1, weight: 1}`). An index's keys are its `keys` object, or, in
 * juggler's shorthand (an index without `keys`: `{weight: 1, code: 1}`),
 * which the postgresql connector reads as its keys, the index itself.
 * Other settings are as given.
 */
export function withOrderedIndexKeys(
  settings: Readonly<Record<string, unknown>> | undefined,
): Readonly<Record<string, unknown>> | undefined {
  const indexes = settings?.indexes;
  if (!indexes || typeof indexes !== 'object') return settings;
  return {
    ...settings,
    indexes: Object.fromEntries(
      Object.entries(indexes).map(([name, index]) => [
        name,
        orderedKeys(index),
      ]),
    ),
  };
}

function orderedKeys(index: unknown): unknown {
  if (!index || typeof index !== 'object' || Array.isArray(index)) {
    return index;
  }
  const keys = (index as {keys?: unknown}).keys;
  if (keys === undefined) return Object.entries(index);
  if (!keys || typeof keys !== 'object' || Array.isArray(keys)) return index;
  return {...index, keys: Object.entries(keys)};
}
