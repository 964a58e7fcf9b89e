import {queryConnector, type JugglerConnector} from '../../juggler';
import {MIGRATION_APPLICATION_NAME} from '../../runner/orphans';

interface Row {
  readonly index: string | null;
  readonly phase: string;
  readonly blocksTotal: string;
  readonly blocksDone: string;
  readonly tuplesTotal: string;
  readonly tuplesDone: string;
  /** The session the build waits for, when it waits for one. */
  readonly lockerPid: number | null;
  /** How long that session's transaction has been open, in ms. */
  readonly lockerMs: string | null;
}

/**
 * The index builds of the migration running now (its online sessions are
 * tagged, see `PG_ONLINE_SESSION`), from `pg_stat_progress_create_index`:
 * `index "book_title_idx": building index: scanning table, 42% of 9030 blocks`;
 * a build waiting for another transaction names its session:
 * `index "book_title_idx": waiting for writers before build, waiting for session 4242 (its transaction open for 12.3 s)`.
 */
export async function pgOnlineProgress(
  connector: JugglerConnector,
): Promise<string[]> {
  const rows = await queryConnector<Row>(
    connector,
    `SELECT i.relname AS "index", p.phase,
            p.blocks_total AS "blocksTotal", p.blocks_done AS "blocksDone",
            p.tuples_total AS "tuplesTotal", p.tuples_done AS "tuplesDone",
            w.pid AS "lockerPid",
            round(extract(epoch FROM now() - coalesce(w.xact_start, w.query_start)) * 1000) AS "lockerMs"
       FROM pg_catalog.pg_stat_progress_create_index p
       JOIN pg_catalog.pg_stat_activity a ON a.pid = p.pid
       LEFT JOIN pg_catalog.pg_class i ON i.oid = p.index_relid
       LEFT JOIN pg_catalog.pg_stat_activity w ON w.pid = p.current_locker_pid
      WHERE a.application_name = $1 AND a.datname = current_database()
      ORDER BY p.pid`,
    [MIGRATION_APPLICATION_NAME],
  );
  return rows.map(progressLine);
}

/** One build's progress in words. */
export function progressLine(row: Row): string {
  const share = (done: string, total: string, unit: string) => {
    const of = Number(total);
    return of > 0
      ? `, ${Math.floor((100 * Number(done)) / of)}% of ${of} ${unit}`
      : undefined;
  };
  const waitingFor =
    row.lockerPid === null
      ? ''
      : `, waiting for session ${row.lockerPid}` +
        (row.lockerMs === null
          ? ''
          : ` (its transaction open for ${(Number(row.lockerMs) / 1000).toFixed(1)} s)`);
  return (
    `index "${row.index ?? '?'}": ${row.phase}` +
    (share(row.blocksDone, row.blocksTotal, 'blocks') ??
      share(row.tuplesDone, row.tuplesTotal, 'rows') ??
      '') +
    waitingFor
  );
}
