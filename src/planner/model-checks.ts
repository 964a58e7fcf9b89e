import type {Dialect} from '../dialects/contract';
import type {TableRef} from '../dialects/dialect';
import type {JugglerConnector} from '../juggler';
import {refuseColumnlessIndexes} from './columnless-indexes';
import {refuseSharedColumns, refuseSharedTables} from './shared-names';
import {TimeSlices} from './time-slices';

/**
 * Refuse a model the connector would mishandle, or whose names clash with
 * another's (each throws an `InvalidModelError` saying what to change), in
 * time slices: the plan's reads, sent before, are answered meanwhile.
 */
export async function checkModels(
  connector: JugglerConnector,
  dialect: Dialect,
  ordered: readonly string[],
  tables: readonly TableRef[],
): Promise<void> {
  const slices = new TimeSlices();
  for (const model of ordered) {
    await slices.next();
    dialect.checkModel(connector, model);
  }
  const settingsKey = connector.name ?? 'connector';
  for (const model of ordered) {
    await slices.next();
    refuseColumnlessIndexes(connector, model);
    refuseSharedColumns(connector, model, settingsKey, c =>
      dialect.columnKey(c),
    );
  }
  refuseSharedTables(ordered, tables, settingsKey);
}
