import type {TableRef} from '../dialect';
import {queryConnector, type JugglerConnector} from '../../juggler';

/**
 * The tables of the current database whose foreign keys hold these names,
 * by name: InnoDB names foreign keys in one namespace per database.
 */
export async function foreignKeysNamed(
  connector: JugglerConnector,
  names: readonly string[],
): Promise<Map<string, TableRef>> {
  const rows = await queryConnector<{name: string; tableName: string}>(
    connector,
    `SELECT CONSTRAINT_NAME AS name, TABLE_NAME AS tableName
       FROM information_schema.REFERENTIAL_CONSTRAINTS
      WHERE CONSTRAINT_SCHEMA = DATABASE()
        AND CONSTRAINT_NAME IN (${names.map(() => '?').join(', ')})`,
    [...names],
  );
  return new Map(
    rows.map(row => [row.name, {schema: '', name: row.tableName}]),
  );
}
