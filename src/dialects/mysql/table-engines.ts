import {queryConnector, type JugglerConnector} from '../../juggler';

/** The storage engine whose ALTER TABLE has online forms (INSTANT, INPLACE). */
export const ONLINE_ENGINE = 'InnoDB';

/**
 * The storage engine of each of `tables` of the current database, by
 * lower-cased name (`InnoDB`, `MyISAM`, `Aria`, `MEMORY`...). One query.
 */
export async function readTableEngines(
  connector: JugglerConnector,
  tables: readonly string[],
): Promise<Map<string, string>> {
  if (tables.length === 0) return new Map();
  const rows = await queryConnector<{tableName: string; engine: string | null}>(
    connector,
    `SELECT TABLE_NAME AS tableName, ENGINE AS engine FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)`,
    [[...new Set(tables)]],
  );
  return new Map(
    rows
      .filter(r => r.engine !== null)
      .map(r => [r.tableName.toLowerCase(), String(r.engine)]),
  );
}

/**
 * Why a change of a table of `engine` has no online form, or `undefined`
 * for InnoDB: the other engines (MyISAM, Aria, MEMORY...) make every
 * ALTER TABLE by copying the table, and refuse `ALGORITHM=INSTANT`,
 * `ALGORITHM=INPLACE` and `LOCK=NONE`.
 */
export function engineWithoutOnlineDdl(
  engine: string | undefined,
): string | undefined {
  if (engine === undefined || engine.toLowerCase() === 'innodb') {
    return undefined;
  }
  return (
    `the table's storage engine ${engine} changes a table by copying it ` +
    `(online DDL is ${ONLINE_ENGINE}'s)`
  );
}
