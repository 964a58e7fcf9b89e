import type {JugglerConnector} from '../../juggler';
import {statementColumnTypes} from '../../planner/alter-clauses';
import {describeTable, type TableRef} from '../dialect';
import {openMysqlSession} from './session';

/**
 * Column types MySQL and MariaDB have (the connector writes these for
 * LoopBack's own types), by their first word: not probed, so that a plan of
 * ordinary models asks nothing more.
 */
const KNOWN =
  /^(?:tinyint|smallint|mediumint|middleint|int[1-48]?|integer|bigint|dec|decimal|numeric|fixed|float[48]?|double|real|bit|bool|boolean|serial|date|datetime|timestamp|time|year|char|character|varchar|nchar|nvarchar|national|binary|varbinary|tinyblob|blob|mediumblob|longblob|tinytext|text|mediumtext|longtext|long|enum|set|json|geometry|point|linestring|polygon|multipoint|multilinestring|multipolygon|geometrycollection|inet4|inet6|uuid)\b/i;

/** The server's errors for a type it does not know: MariaDB's, and a syntax error. */
const UNKNOWN_TYPE = new Set([4161, 1064]);
/**
 * A user that may not create temporary tables (errors 1044, 1142, 1227):
 * the type cannot be tried, and the run says what the server says of it.
 */
const NOT_TRIED = new Set([1044, 1142, 1227]);

/**
 * Why the server refuses the statement's new column types, if it does: a
 * type it does not have (`mysql: {dataType: 'varchr'}`, PostgreSQL's
 * `jsonb` in a shared model), which the connector writes as it is: the
 * server refused it mid-run. A type outside the known ones is prepared (not
 * run) in a `CREATE TEMPORARY TABLE` on one held connection, which parses
 * it as the statement will; nothing is made.
 */
export async function unknownColumnTypes(
  connector: JugglerConnector,
  table: TableRef,
  sql: string,
): Promise<string | undefined> {
  const types = statementColumnTypes(sql);
  const unknown = [...types].filter(([, type]) => !KNOWN.test(type.trim()));
  if (unknown.length === 0) return undefined;
  const session = await openMysqlSession(connector);
  const refused: string[] = [];
  try {
    for (const [column, type] of unknown) {
      const create = `CREATE TEMPORARY TABLE lsm_type_probe (c ${type})`;
      try {
        await session.query(
          `PREPARE lsm_type_probe FROM '${create.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`,
        );
        await session.query('DEALLOCATE PREPARE lsm_type_probe');
      } catch (err) {
        const errno = (err as {errno?: number}).errno ?? 0;
        if (NOT_TRIED.has(errno)) continue;
        if (!UNKNOWN_TYPE.has(errno)) throw err;
        refused.push(
          `column "${column}" of ${describeTable(table)} has type ${type}, which the ` +
            `database refuses (${(err as Error).message})`,
        );
      }
    }
  } finally {
    session.release();
  }
  if (refused.length === 0) return undefined;
  return (
    refused.join('; ') +
    ". Correct the property's mysql.dataType (or its type), or give the model a " +
    'type of MySQL and MariaDB where it is shared with another database'
  );
}
