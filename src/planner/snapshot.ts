/**
 * What a catalog snapshot answers for one of the connector's per-table
 * catalog reads: the rows the database would return, or the error it would
 * raise (a missing table, on MySQL).
 */
export type ReadAnswer = {readonly rows: unknown[]} | {readonly error: Error};

/**
 * The whole catalog of the tables a plan touches, read in a few bulk
 * queries, that answers the connector's per-table reads (columns, indexes,
 * foreign keys) without a round trip each: an up-to-date check of N models
 * costs a constant number of queries instead of 3–4 × N.
 */
export interface CatalogSnapshot {
  /**
   * The answer to a catalog read the connector sends, or `undefined` for a
   * read the snapshot does not know (it goes to the database). Each answer
   * is a fresh copy: connectors change the rows they get.
   */
  answer(sql: string): ReadAnswer | undefined;
  /** How many queries loading the snapshot took. */
  readonly queries: number;
  /**
   * The plan's own bulk catalog reads (keyed as the dialect's `PlanCache`)
   * that the snapshot's rows already hold: the plan starts its cache with
   * them instead of reading the catalog again.
   */
  readonly planReads?: ReadonlyMap<string, Promise<unknown>>;
}

/** Rows grouped by a key, each group in the order read. */
export function groupRows<T>(
  rows: readonly T[],
  key: (row: T) => string,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** A copy of the rows without the given (bookkeeping) columns. */
export function withoutColumns(
  rows: readonly Record<string, unknown>[] | undefined,
  drop: readonly string[],
): Record<string, unknown>[] {
  return (rows ?? []).map(row => {
    const copy: Record<string, unknown> = {};
    for (const k in row) if (!drop.includes(k)) copy[k] = copyValue(row[k]);
    return copy;
  });
}

/**
 * A copy of a catalog value a connector may change: arrays and plain
 * objects are copied, anything else (strings, numbers, dates the drivers
 * make anew for each row) is kept. Far cheaper than `structuredClone`,
 * which an up-to-date check of 1000 models called for every row.
 */
function copyValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyValue);
  if (value === null || typeof value !== 'object') return value;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, unknown> = {};
  for (const k in value)
    copy[k] = copyValue((value as Record<string, unknown>)[k]);
  return copy;
}
