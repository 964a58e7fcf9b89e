import type {SchemaStateScope} from '../../runner/schema-state-driver';
import {quote} from './quote';

/** The package's state table: `[name]` (the current database) or `[database, name]`. */
export type StateTable = SchemaStateScope['stateTable'];

/** The state table's quoted name. */
export function stateTableName(stateTable: StateTable): string {
  return stateTable.map(quote).join('.');
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
         warnings MEDIUMTEXT NOT NULL,
         sources_fingerprint CHAR(64) NULL,
         models MEDIUMTEXT NULL,
         recorded_at DATETIME(3) NOT NULL,
         PRIMARY KEY (state_key)
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`;
}
