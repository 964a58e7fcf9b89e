import type {JugglerConnector} from '../juggler';
import type {TableRef} from '../dialects/dialect';
import type {SchemaStateDriver, SchemaStateScope} from './schema-state-driver';

/**
 * Write a datasource's row (creating the table first when asked); resolves
 * to a warning when it could not be written (the run itself succeeded),
 * saying what the next run does then (`otherwise`).
 */
export async function writeRow(
  store: SchemaStateDriver,
  connector: JugglerConnector,
  scope: SchemaStateScope & {readonly tables: readonly TableRef[]},
  row: Parameters<SchemaStateDriver['write']>[2],
  create?: {readonly upgrade: boolean},
  otherwise = 'the next run checks the schema in full',
): Promise<string | undefined> {
  try {
    if (create) await store.createTable(connector, scope, create.upgrade);
    await store.write(connector, scope, row);
    return undefined;
  } catch (err) {
    return (
      `the schema fingerprint could not be recorded in ${scope.stateTable.join('.')} ` +
      `(${(err as Error).message}): ${otherwise}`
    );
  }
}
