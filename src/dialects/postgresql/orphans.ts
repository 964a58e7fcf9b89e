import {MIGRATION_APPLICATION_NAME} from '../../runner/orphans';

/** The statement that tags a transaction as a migration's (first after BEGIN). */
export const TAG_APPLY_TRANSACTION = `SET LOCAL application_name = '${MIGRATION_APPLICATION_NAME}'`;

/**
 * A select-list column (`"orphans"`, JSON array of {@link OrphanedBackend})
 * listing the other backends of the current database that run a migration's
 * transaction, for the query that takes the lock: no round trip of its own.
 * It reads `pg_stat_get_activity()`, the function under `pg_stat_activity`,
 * without the view's joins; it adds about 0.3-0.5 ms to the lock query.
 */
export const PG_ORPHANS_COLUMN = `(
  SELECT coalesce(json_agg(json_build_object(
           'pid', a.pid, 'state', a.state, 'xactStart', a.xact_start)), '[]')
    FROM pg_catalog.pg_stat_get_activity(NULL) a
   WHERE a.datid = (SELECT oid FROM pg_catalog.pg_database
                     WHERE datname = current_database())
     AND a.pid <> pg_backend_pid()
     AND a.application_name = '${MIGRATION_APPLICATION_NAME}'
     AND a.state IS DISTINCT FROM 'idle'
) AS "orphans"`;

/** Ends the given backends (their transactions roll back). */
export const PG_TERMINATE_ORPHANS =
  'SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid';
