import {queryConnector, type JugglerConnector} from '../../juggler';
import type {SchemaStateScope} from '../../runner/schema-state-driver';
import {literal, quote} from './quote';
import {tableExists} from './table-exists';

/** The package's state table: `[name]` (the current database) or `[database, name]`. */
export type StateTable = SchemaStateScope['stateTable'];

/** The state table's quoted name. */
export function stateTableName(stateTable: StateTable): string {
  return stateTable.map(quote).join('.');
}

/** The state table's database (null: the current one) and name. */
export function stateTableParts(
  stateTable: StateTable,
): [string | null, string] {
  return stateTable.length === 2
    ? [stateTable[0], stateTable[1]]
    : [null, stateTable[0]];
}

/**
 * Whether a MySQL / MariaDB error says the user may not use the table
 * (`ER_TABLEACCESS_DENIED_ERROR`, `ER_COLUMNACCESS_DENIED_ERROR`).
 */
export function isAccessDenied(err: unknown): boolean {
  return [1142, 1143].includes(
    Number((err as {errno?: unknown} | undefined)?.errno),
  );
}

/**
 * Create the state table when there is none: the fingerprints of the fast
 * path (`schema-state.ts`), and the marks of foreign keys added unchecked
 * (`state-marks.ts`).
 */
export function createStateTableSql(stateTable: StateTable): string {
  return `CREATE TABLE IF NOT EXISTS ${stateTableName(stateTable)} (
         state_key VARCHAR(255) NOT NULL,
         model_fingerprint CHAR(64) NOT NULL,
         catalog_digest VARCHAR(128) NOT NULL,
         catalog_times VARCHAR(128) NULL,
         warnings MEDIUMTEXT NOT NULL,
         sources_fingerprint CHAR(64) NULL,
         models MEDIUMTEXT NULL,
         recorded_at DATETIME(3) NOT NULL,
         PRIMARY KEY (state_key)
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`;
}

/**
 * Create the state table where it is not there yet, in SQL, for a compound
 * statement (`BEGIN NOT ATOMIC`): MariaDB checks the CREATE privilege of a
 * `CREATE TABLE IF NOT EXISTS` even when the table exists, so a user that
 * may only read and write the state table could not run a plain one.
 */
export function createMissingStateTableSql(stateTable: StateTable): string {
  const [schema, name] = stateTableParts(stateTable);
  return (
    'IF NOT EXISTS (SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ' +
    `${schema === null ? 'DATABASE()' : literal(schema)} AND TABLE_NAME = ${literal(name)}) ` +
    `THEN ${createStateTableSql(stateTable)}; END IF`
  );
}

/**
 * Make the state table the marks of a plan's statements need
 * (`state-marks.ts`) when there is none, before the plan's first change;
 * fails, having changed nothing, with what to grant or run where the
 * datasource's user may not create it.
 */
export async function ensureStateTable(
  connector: JugglerConnector,
  stateTable: StateTable,
): Promise<void> {
  const [schema, name] = stateTableParts(stateTable);
  const run = (sql: string, params: unknown[]) =>
    queryConnector(connector, sql, params);
  if (await tableExists(run, schema, name)) return;
  try {
    await queryConnector(connector, createStateTableSql(stateTable));
  } catch (err) {
    if (!isAccessDenied(err)) throw err;
    const table = stateTableName(stateTable);
    const database = schema === null ? '<database>' : quote(schema);
    throw new Error(
      `the marks that let a later run finish what an interrupted one leaves could not be kept ` +
        `in ${stateTable.join('.')} (${(err as Error).message}): the table is not there and the ` +
        `datasource's user may not create it; nothing was changed. Grant the user CREATE ` +
        `(GRANT CREATE ON ${database}.* TO '<user>'@'<host>'), or have a user that may create ` +
        `the table (${createStateTableSql(stateTable).replace(/\s+/g, ' ')}) and grant this one ` +
        `SELECT, INSERT, UPDATE and DELETE on it (GRANT SELECT, INSERT, UPDATE, DELETE ON ` +
        `${schema === null ? `${database}.${table}` : table} TO '<user>'@'<host>')`,
      {cause: err},
    );
  }
}
