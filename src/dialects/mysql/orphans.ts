import {MIGRATION_APPLICATION_NAME} from '../../runner/orphans';

/** The comment each MySQL / MariaDB apply statement starts with. */
export const MYSQL_APPLY_TAG = `/* ${MIGRATION_APPLICATION_NAME} */ `;

/**
 * The orphans column of the lock query, for MySQL / MariaDB: the other connections of
 * the database running an apply statement (`orphans`, a JSON text). Without
 * the PROCESS privilege only the user's own connections are seen (the
 * orphan of a migration run as the same user is).
 */
export const MYSQL_ORPHANS_COLUMN = `(
  SELECT JSON_ARRAYAGG(JSON_OBJECT('pid', ID, 'state', STATE, 'xactStart', NULL))
    FROM information_schema.PROCESSLIST
   WHERE DB = DATABASE() AND ID <> CONNECTION_ID()
     AND INFO LIKE '${MYSQL_APPLY_TAG}%'
) AS orphans`;
