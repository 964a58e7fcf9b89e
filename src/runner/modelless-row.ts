import {debugLogger} from '../debug';
import {dialectFor} from '../dialects';
import type {JugglerConnector} from '../juggler';
import {stateTableBeside} from './fast-path';
import type {SchemaStateRead} from './schema-state-driver';

const debug = debugLogger('fingerprint');

/**
 * Delete the recorded row of a datasource that got no models this run,
 * when the row lists models (recorded while the datasource had some: its
 * models moved to another datasource). Left there, it would keep every
 * later start from answering from the app's sources, which say the
 * datasource has none. `read` is the row the run read before the
 * repositories were resolved (none: nothing to delete). Resolves to a
 * warning when the row cannot be deleted.
 */
export async function forgetRecordedModels(
  target: {readonly name: string; readonly connectorName: string},
  connector: JugglerConnector,
  ledgerTable: readonly [string] | readonly [string, string],
  read: Promise<SchemaStateRead | undefined> | undefined,
): Promise<string | undefined> {
  const stored = (await read?.catch(() => undefined))?.stored;
  const store = dialectFor(target.connectorName)?.schemaState;
  if (!store || !stored?.models?.length) return undefined;
  const scope = {stateTable: stateTableBeside(ledgerTable), key: target.name};
  try {
    await store.remove(connector, scope);
    debug('%s: no models now, its recorded row removed', target.name);
    return undefined;
  } catch (err) {
    return (
      `the schema fingerprint recorded when it had models could not be removed from ` +
      `${scope.stateTable.join('.')} (${(err as Error).message}): ` +
      "later starts resolve the app's repositories to check"
    );
  }
}
