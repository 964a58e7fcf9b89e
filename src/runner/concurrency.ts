import type {DataSourceTarget} from '../discovery/data-sources';
import {databaseAddress} from './database-address';

/** How many datasources a run plans at the same time. */
export const PLANNING_CONCURRENCY = 4;

/**
 * Run `work` on every item: items with the same `laneOf` one after the
 * other, in their order, and at most `limit` lanes at a time. Every item
 * runs, whatever the others do; the outcomes come back in the items' order.
 */
export async function settleInLanes<T, R>(
  items: readonly T[],
  laneOf: (item: T) => string,
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const outcomes = new Array<PromiseSettledResult<R>>(items.length);
  const lanes = new Map<string, number[]>();
  items.forEach((item, index) => {
    const lane = laneOf(item);
    lanes.set(lane, [...(lanes.get(lane) ?? []), index]);
  });
  const queue = [...lanes.values()];
  const runLanes = async (): Promise<void> => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) {
      for (const index of lane) {
        try {
          outcomes[index] = {
            status: 'fulfilled',
            value: await work(items[index]),
          };
        } catch (reason) {
          outcomes[index] = {status: 'rejected', reason};
        }
      }
    }
  };
  await Promise.all(
    Array.from({length: Math.min(limit, queue.length)}, runLanes),
  );
  return outcomes;
}

/**
 * The lane of a datasource for {@link settleInLanes}: datasources on the
 * same database (the same {@link databaseAddress}, or the same DataSource
 * object) share one and are planned one after the other, as
 * are every datasource migrated by its own method (it may use the others)
 * and every datasource that is not a juggler DataSource. Others are
 * independent.
 */
export function databaseLane(target: DataSourceTarget): string {
  const {dataSource, ownMigration, connectorName} = target;
  if (ownMigration || !dataSource) return 'serial';
  return (
    databaseAddress(connectorName, dataSource.settings) ?? `name:${target.name}`
  );
}
