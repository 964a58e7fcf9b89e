/**
 * Model settings for a fingerprint, with the `keys` object of each of
 * `settings.indexes` written as its entries, in order: a fingerprint's
 * JSON sorts every object's keys, but the order of an index's keys is the
 * order of its columns (`{weight: 1, code: 1}` is another index than
 * `{code: 1, weight: 1}`). Other settings are as given.
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
  if (!index || typeof index !== 'object') return index;
  const keys = (index as {keys?: unknown}).keys;
  if (!keys || typeof keys !== 'object' || Array.isArray(keys)) return index;
  return {...index, keys: Object.entries(keys)};
}
