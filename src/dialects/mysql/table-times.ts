/**
 * A cheaper stand-in for the catalog digest on MariaDB: the digest of the
 * current database's tables with the time each was last changed, which the
 * server reads without opening every column, index and key (at 1000 tables
 * ~8 ms against ~60 ms for the full digest, `schema-state.ts`).
 *
 * MariaDB's `CREATE_TIME` of an InnoDB table is the change time of its
 * `.frm` file, which every `ALTER TABLE`, `CREATE INDEX`, `DROP INDEX` and
 * `RENAME TABLE` writes again (checked for columns, types, defaults,
 * comments, indexes, foreign keys, check constraints and renames);
 * triggers, kept in files of their own, are digested in full. A row
 * records this digest beside the full one only while every table was last
 * changed more than {@link SETTLED_SECONDS} seconds before, so that a
 * change made after the record, even in the second of the table's last
 * change, gives that table a later time. A read whose table times match
 * the recorded ones answers with the recorded full digest; otherwise the
 * server computes the full digest, as without this.
 *
 * Left out (the full digest alone then): MySQL, whose data dictionary
 * keeps its own times; a database with a view or a table of another
 * engine; tables changed within the last {@link SETTLED_SECONDS} seconds.
 */

/** How long a table must be left unchanged before its time stands for its catalog. */
export const SETTLED_SECONDS = 5;

/**
 * The lines of one view for the current database (the state table left
 * out; two `?`: its database or NULL, and its name), each with whether it
 * keeps the row from recording table times (`unsettled`).
 */
function lines(
  view: string,
  schemaColumn: string,
  tableColumn: string,
  line: string,
  unsettled: string,
): string {
  return `SELECT MD5(${line}) AS h, ${unsettled} AS unsettled
    FROM information_schema.${view}
   WHERE ${schemaColumn} = DATABASE() AND VERSION() LIKE '%MariaDB%'
     AND NOT (DATABASE() = COALESCE(?, DATABASE()) AND ${tableColumn} = ?)`;
}

const PARTS = [
  lines(
    'TABLES',
    'TABLE_SCHEMA',
    'TABLE_NAME',
    `CONCAT_WS('|', 't', TABLE_NAME, TABLE_TYPE, QUOTE(ENGINE),
               QUOTE(UNIX_TIMESTAMP(CREATE_TIME)))`,
    `TABLE_TYPE <> 'BASE TABLE' OR ENGINE IS NULL OR ENGINE <> 'InnoDB'
       OR CREATE_TIME IS NULL
       OR CREATE_TIME >= NOW() - INTERVAL ${SETTLED_SECONDS} SECOND`,
  ),
  lines(
    'TRIGGERS',
    'EVENT_OBJECT_SCHEMA',
    'EVENT_OBJECT_TABLE',
    `CONCAT_WS('|', 'g', EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING,
               EVENT_MANIPULATION, MD5(ACTION_STATEMENT))`,
    '0',
  ),
];

/**
 * One row: `d`, the table times' digest (an MD5 per line and one of the
 * server's version, summed in two 60-bit halves with the line count, as
 * the full digest), and `recordable`, 1 when a row may record it: on
 * MariaDB, with every table settled.
 */
export const TABLE_TIMES = `SELECT CONCAT(COUNT(*), '-',
         SUM(CAST(CONV(SUBSTRING(h, 1, 15), 16, 10) AS UNSIGNED)), '-',
         SUM(CAST(CONV(SUBSTRING(h, 16, 15), 16, 10) AS UNSIGNED))) AS d,
       VERSION() LIKE '%MariaDB%' AND SUM(unsettled) = 0 AS recordable
    FROM (${PARTS.join('\n  UNION ALL ')}
          UNION ALL SELECT MD5(CONCAT('v|', VERSION())), 0) parts`;

/** The parameters of {@link TABLE_TIMES}: the state table's database (or NULL) and name, per view. */
export function tableTimesParams(
  stateTable: readonly [string | null, string],
): unknown[] {
  return PARTS.flatMap(() => stateTable);
}
