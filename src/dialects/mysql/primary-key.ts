/** A primary key column of a MySQL table, as {@link PRIMARY_KEY_COLUMNS} reads it. */
export interface PrimaryKeyColumn {
  readonly name: string;
  /** Its full type, with its collation when it has one (`varchar(20) COLLATE utf8mb4_bin`). */
  readonly type: string;
}

/**
 * The primary key columns of the table named by both parameters (the same
 * name twice: each information_schema view is filtered by constants of its
 * own, or it reads every database of the server), in the current database,
 * in key order, with their types.
 */
export const PRIMARY_KEY_COLUMNS = `SELECT c.COLUMN_NAME AS name,
        CONCAT(c.COLUMN_TYPE, IFNULL(CONCAT(' COLLATE ', c.COLLATION_NAME), '')) AS type
   FROM information_schema.KEY_COLUMN_USAGE k
   JOIN information_schema.COLUMNS c
     ON c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME = ?
    AND c.COLUMN_NAME = k.COLUMN_NAME
  WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME = ?
    AND k.CONSTRAINT_NAME = 'PRIMARY'
  ORDER BY k.ORDINAL_POSITION`;
