import {dialectFor} from '../dialects';
import type {ScriptTarget} from './data-source';

/**
 * Whether the script's datasource holds a table of at least one of the
 * models attached to it (`undefined` where this cannot tell: no dialect for
 * its connector, or no model attached). A database holding none is new to
 * the app: the schema sync has never made its tables there.
 */
export async function holdsModelTables(
  target: ScriptTarget,
): Promise<boolean | undefined> {
  const dialect = dialectFor(target.connectorName);
  const connector = target.dataSource.connector;
  if (!dialect || !connector) return undefined;
  const tables = Object.keys(connector._models ?? {}).map(model =>
    dialect.tableOf(connector, model),
  );
  if (tables.length === 0) return undefined;
  return (await dialect.existingTables(connector, tables)).length > 0;
}
