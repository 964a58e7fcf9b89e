import {queryConnector, type JugglerConnector} from '../../juggler';
import {MIGRATION_APPLICATION_NAME} from '../../runner/orphans';

interface Row {
  readonly index: string | null;
  readonly phase: string;
  readonly blocksTotal: string;
  readonly blocksDone: string;
  readonly tuplesTotal: string;
  readonly tuplesDone: string;
}

/**
 * The index builds of the migration running now (its online sessions are
 * tagged, see `PG_ONLINE_SESSION`), from `pg_stat_progress_create_index`:
 * `index "book_title_idx": building index: scanning table, 42% of 9030 blocks`.
 */
export async function pgOnlineProgress(
  connector: JugglerConnector,
): Promise<string[]> {
  const rows = await queryConnector<Row>(
    connector,
    `SELECT i.relname AS "index", p.phase,
            p.blocks_total AS "blocksTotal", p.blocks_done AS "blocksDone",
            p.tuples_total AS "tuplesTotal", p.tuples_done AS "tuplesDone"
       FROM pg_catalog.pg_stat_progress_create_index p
       JOIN pg_catalog.pg_stat_activity a ON a.pid = p.pid
       LEFT JOIN pg_catalog.pg_class i ON i.oid = p.index_relid
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
  return (
    `index "${row.index ?? '?'}": ${row.phase}` +
    (share(row.blocksDone, row.blocksTotal, 'blocks') ??
      share(row.tuplesDone, row.tuplesTotal, 'rows') ??
      '')
  );
}
