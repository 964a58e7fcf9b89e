import {queryConnector, type JugglerConnector} from '../../juggler';
import {atLeast, parseServerVersion, type MysqlServer} from './online-ddl';
import {canonicalMysqlType} from './types';

/** The server the connector talks to (`SELECT VERSION()`). */
export async function readServer(
  connector: JugglerConnector,
): Promise<MysqlServer> {
  const [row] = await queryConnector<{version: string}>(
    connector,
    'SELECT VERSION() AS version',
  );
  return parseServerVersion(String(row?.version ?? ''));
}

/** `MariaDB 10.11.19`, `MySQL 8.0.36`. */
export function describeServer(server: MysqlServer): string {
  return `${server.mariadb ? 'MariaDB' : 'MySQL'} ${server.version.join('.')}`;
}

/**
 * Why the server refuses to change the type of a column a foreign key ties
 * from `from` to `to` (the dialect's `keyColumnRetype`). MariaDB refuses
 * any change of type of such a column, on either side of the key, even to
 * a wider one (`int` to `bigint`, `varchar(36)` to `varchar(40)`: errors
 * 1832 and 1833); a change of its nullability alone it allows. MySQL's
 * rules differ by version, and are left to the check of the key's types.
 */
export async function mysqlKeyColumnRetype(
  connector: JugglerConnector,
  from: string,
  to: string,
): Promise<string | undefined> {
  if (canonicalMysqlType(from) === canonicalMysqlType(to)) return undefined;
  const server = await readServer(connector);
  if (!server.mariadb) return undefined;
  return (
    `${describeServer(server)} refuses to change the type of a column a ` +
    'foreign key ties, even to a wider one (error 1832/1833)'
  );
}

/**
 * Whether the server keeps a key's DESC (MariaDB 10.8+, MySQL 8.0+); older
 * ones parse it and make the key ascending.
 */
export function keepsDescendingKeys(server: MysqlServer): boolean {
  return server.mariadb ? atLeast(server, 10, 8) : atLeast(server, 8, 0);
}
