import {debugLogger} from '../debug';
import {dialectFor} from '../dialects';
import type {JugglerConnector} from '../juggler';
import {stateTableBeside} from './fast-path';
import type {SchemaStateRead} from './schema-state-driver';

const debug = debugLogger('fingerprint');

/**
 * The models a datasource's recorded row lists (its last run's), from the
 * row read before the repositories were resolved; none without a read.
 */
export async function recordedModels(
  read: Promise<SchemaStateRead | undefined> | undefined,
): Promise<readonly string[]> {
  return (await read?.catch(() => undefined))?.stored?.models ?? [];
}

/**
 * The warning of a datasource that has no models now while its last run
 * migrated `recorded` (moved to another datasource, or removed): their
 * tables stay, rows and all, and no run migrates them any more.
 * `homes`: the datasource each model of the app is attached to now.
 */
export function modelsLeftWarning(
  recorded: readonly string[],
  homes: ReadonlyMap<string, string>,
): string {
  const moved = recorded.flatMap(model => {
    const home = homes.get(model);
    return home === undefined ? [] : [`${model} to datasource "${home}"`];
  });
  return (
    `its last migration had models (${recorded.join(', ')}), and no model is ` +
    'attached to it now: their tables stay in its database with their rows, and no ' +
    'run migrates them any more' +
    (moved.length > 0
      ? `. Moved: ${moved.join(', ')}, where the schema sync makes new, empty ` +
        'tables; move the rows there with a migration script if they should follow'
      : '') +
    '. Drop the old tables by hand once nothing needs them'
  );
}

/**
 * Delete the recorded row of a datasource that got no models this run,
 * when the row lists models (recorded while the datasource had some: its
 * models moved to another datasource). Left there, it would keep every
 * later start from answering from the app's sources, which say the
 * datasource has none (the caller found its models: `recordedModels()`).
 * Resolves to a warning when the row cannot be deleted.
 */
export async function forgetRecordedModels(
  target: {readonly name: string; readonly connectorName: string},
  connector: JugglerConnector,
  ledgerTable: readonly [string] | readonly [string, string],
): Promise<string | undefined> {
  const store = dialectFor(target.connectorName)?.schemaState;
  if (!store) return undefined;
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
