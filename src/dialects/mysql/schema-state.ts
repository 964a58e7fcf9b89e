import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  UNVERIFIED_DIGEST,
  readSchemaState,
  storedColumns,
  type SchemaStateDriver,
  type SchemaStateRow,
  type SchemaStateScope,
} from '../../runner/schema-state-driver';
import {isMissingTable} from './missing-table';
import {
  createStateTableSql,
  isAccessDenied,
  stateTableName,
  stateTableParts,
} from './state-table';
import {tableExists} from './table-exists';
import {marksDigestSql} from './state-marks';
import {TABLE_TIMES, tableTimesParams} from './table-times';

/** The connector's `mysql2` pool, as far as `connectionReady()` needs it. */
interface PooledConnector extends JugglerConnector {
  readonly client?: {
    getConnection(
      cb: (err: Error | null, conn: {release(): void}) => void,
    ): void;
  } | null;
}

/**
 * One information_schema view's lines: `columns` (nullable ones wrapped in
 * QUOTE(), which spells NULL) of the current database's tables, the state
 * table left out.
 */
function lines(
  tag: string,
  view: string,
  schemaColumn: string,
  tableColumn: string,
  columns: readonly string[],
): string {
  return `SELECT MD5(CONCAT_WS('|', '${tag}', ${tableColumn}, ${columns.join(', ')})) AS h
    FROM information_schema.${view}
   WHERE ${schemaColumn} = DATABASE()
     AND NOT (DATABASE() = COALESCE(?, DATABASE()) AND ${tableColumn} = ?)`;
}

const q = (column: string) => `QUOTE(${column})`;

const VIEWS = [
  lines('t', 'TABLES', 'TABLE_SCHEMA', 'TABLE_NAME', [
    'TABLE_TYPE',
    q('ENGINE'),
    q('TABLE_COLLATION'),
    q('CREATE_OPTIONS'),
  ]),
  lines('c', 'COLUMNS', 'TABLE_SCHEMA', 'TABLE_NAME', [
    'COLUMN_NAME',
    'ORDINAL_POSITION',
    'COLUMN_TYPE',
    'IS_NULLABLE',
    q('COLUMN_DEFAULT'),
    q('CHARACTER_SET_NAME'),
    q('COLLATION_NAME'),
    'COLUMN_KEY',
    'EXTRA',
    q('GENERATION_EXPRESSION'),
    'COLUMN_COMMENT',
  ]),
  lines('i', 'STATISTICS', 'TABLE_SCHEMA', 'TABLE_NAME', [
    'INDEX_NAME',
    'SEQ_IN_INDEX',
    q('COLUMN_NAME'),
    'NON_UNIQUE',
    q('SUB_PART'),
    q('COLLATION'),
    'INDEX_TYPE',
  ]),
  lines('k', 'KEY_COLUMN_USAGE', 'TABLE_SCHEMA', 'TABLE_NAME', [
    'CONSTRAINT_NAME',
    'COLUMN_NAME',
    'ORDINAL_POSITION',
    q('REFERENCED_TABLE_SCHEMA'),
    q('REFERENCED_TABLE_NAME'),
    q('REFERENCED_COLUMN_NAME'),
  ]),
  lines('r', 'REFERENTIAL_CONSTRAINTS', 'CONSTRAINT_SCHEMA', 'TABLE_NAME', [
    'CONSTRAINT_NAME',
    'UPDATE_RULE',
    'DELETE_RULE',
    'REFERENCED_TABLE_NAME',
  ]),
  lines('u', 'TABLE_CONSTRAINTS', 'TABLE_SCHEMA', 'TABLE_NAME', [
    'CONSTRAINT_NAME',
    'CONSTRAINT_TYPE',
  ]),
  lines('g', 'TRIGGERS', 'EVENT_OBJECT_SCHEMA', 'EVENT_OBJECT_TABLE', [
    'TRIGGER_NAME',
    'ACTION_TIMING',
    'EVENT_MANIPULATION',
    'MD5(ACTION_STATEMENT)',
  ]),
];

/**
 * The catalog digest, computed by the server: an MD5 per line (a table,
 * column, index column, key column, foreign key, constraint or trigger of
 * the current database, and the server version), summed in two 60-bit
 * halves with the line count. Sums have no length limit (GROUP_CONCAT
 * stops at `group_concat_max_len`, 1024 bytes by default) and need no
 * order. Two `?` per view: the state table's schema (or NULL) and name.
 */
const DIGEST = `SELECT CONCAT(COUNT(*), '-',
         SUM(CAST(CONV(SUBSTRING(h, 1, 15), 16, 10) AS UNSIGNED)), '-',
         SUM(CAST(CONV(SUBSTRING(h, 16, 15), 16, 10) AS UNSIGNED))) AS d
    FROM (${VIEWS.join('\n  UNION ALL ')}
          UNION ALL SELECT MD5(CONCAT('v|', VERSION()))) parts`;

/** The end of a write: a row of the same key is replaced. */
const UPSERT = `ON DUPLICATE KEY UPDATE model_fingerprint = VALUES(model_fingerprint),
       catalog_digest = VALUES(catalog_digest),
       catalog_times = VALUES(catalog_times), warnings = VALUES(warnings),
       sources_fingerprint = VALUES(sources_fingerprint), models = VALUES(models),
       recorded_at = VALUES(recorded_at)`;

function stateTableOf(scope: Pick<SchemaStateScope, 'stateTable'>): string {
  return stateTableName(scope.stateTable);
}

function digestParams(scope: SchemaStateScope): unknown[] {
  const [schema, name] = stateTableParts(scope.stateTable);
  return VIEWS.flatMap(() => [schema, name]);
}

function timesParams(scope: SchemaStateScope): unknown[] {
  return tableTimesParams(stateTableParts(scope.stateTable));
}

/**
 * The fingerprints on MySQL and MariaDB, in a table beside the scripts'
 * ledger (`schema_migration_state` by default).
 */
export const mysqlSchemaState: SchemaStateDriver = {
  // The digest covers the current database, whatever the tables.
  coverageOf: () => '',

  // The datasource says it is connected while the pool's first connection
  // is still in its handshake.
  async connectionReady(connector: PooledConnector) {
    const pool = connector.client;
    if (!pool) throw new Error('the mysql datasource has no pool');
    await new Promise<void>((resolve, reject) =>
      pool.getConnection((err, conn) => {
        if (err) return reject(err);
        conn.release();
        resolve();
      }),
    );
  },

  // The digest read here has the marks of foreign keys added unchecked
  // (`state-marks.ts`) too: while there is one, no recorded digest
  // matches it, and a record verifies no digest (`write` compares DIGEST).
  // Where the tables' times match the recorded ones, the recorded digest
  // is the catalog's, and the server computes no other (`table-times.ts`).
  // Only a row without times learns them: recorded times that differ
  // (another node of a cluster, a table made again as it was) are left
  // for the next run that records, not written back and forth.
  read: (connector, scope) =>
    readSchemaState(
      () =>
        queryConnector<SchemaStateRow>(
          connector,
          `SELECT CONCAT(CASE WHEN times.d = s.catalog_times THEN s.catalog_digest
                              ELSE (SELECT digest.d FROM (${DIGEST}) digest) END,
                         ${marksDigestSql(scope.stateTable)}) AS catalogDigest,
                '' AS coverage,
                s.model_fingerprint AS modelFingerprint,
                s.catalog_digest AS storedDigest, s.warnings AS warnings,
                s.sources_fingerprint AS sourcesFingerprint, s.models AS models,
                times.recordable AND s.catalog_times IS NULL
                  AS unrecordedTableTimes
           FROM (${TABLE_TIMES}) times
           LEFT JOIN ${stateTableOf(scope)} s ON s.state_key = ?`,
          [...digestParams(scope), ...timesParams(scope), scope.key],
        ),
      // No state table yet, or one an earlier version made without
      // sources_fingerprint or catalog_times: createTable() adds them.
      err => isMissingTable(err) || isUnknownColumn(err),
    ),

  async digest(connector, scope) {
    const [row] = await queryConnector<{d: string}>(
      connector,
      `SELECT digest.d AS d FROM (${DIGEST}) digest`,
      digestParams(scope),
    );
    return row.d;
  },

  accessDenied: isAccessDenied,

  async createTable(connector, scope, upgrade) {
    const [schema, name] = stateTableParts(scope.stateTable);
    const run = (sql: string, params: unknown[]) =>
      queryConnector(connector, sql, params);
    if (await tableExists(run, schema, name)) {
      if (upgrade) await addLaterColumns(connector, scope);
      return;
    }
    await queryConnector(connector, createStateTableSql(scope.stateTable));
  },

  async write(connector, scope, state) {
    const table = stateTableOf(scope);
    if (state.catalogDigest === UNVERIFIED_DIGEST) {
      await queryConnector(
        connector,
        `INSERT INTO ${table}
                (state_key, model_fingerprint, catalog_digest, catalog_times,
                 warnings, sources_fingerprint, models, recorded_at)
         VALUES (?, ?, ?, NULL, ?, ?, ?, UTC_TIMESTAMP(3))
         ${UPSERT}`,
        [
          scope.key,
          state.modelFingerprint,
          UNVERIFIED_DIGEST,
          ...storedColumns(state),
        ],
      );
      return;
    }
    // The table times go with a verified digest, when they may stand for it.
    await queryConnector(
      connector,
      `INSERT INTO ${table}
              (state_key, model_fingerprint, catalog_digest, catalog_times,
               warnings, sources_fingerprint, models, recorded_at)
       SELECT ?, ?,
              CASE WHEN verified THEN digest.d ELSE '' END,
              CASE WHEN verified AND times.recordable THEN times.d END,
              ?, ?, ?, UTC_TIMESTAMP(3)
         FROM (SELECT d, d = ? AS verified FROM (${DIGEST}) full_digest) digest,
              (${TABLE_TIMES}) times
       ${UPSERT}`,
      [
        scope.key,
        state.modelFingerprint,
        ...storedColumns(state),
        state.catalogDigest,
        ...digestParams(scope),
        ...timesParams(scope),
      ],
    );
  },

  async remove(connector, scope) {
    await queryConnector(
      connector,
      `DELETE FROM ${stateTableOf(scope)} WHERE state_key = ?`,
      [scope.key],
    );
  },
};

/** `ER_BAD_FIELD_ERROR`: a column that does not exist. */
const BAD_FIELD = 1054;

function isUnknownColumn(err: unknown): boolean {
  return Number((err as {errno?: unknown} | undefined)?.errno) === BAD_FIELD;
}

/**
 * Add the columns a state table made by an earlier version lacks (MySQL
 * has no `ADD COLUMN IF NOT EXISTS`: the missing ones are looked up).
 */
async function addLaterColumns(
  connector: JugglerConnector,
  scope: SchemaStateScope,
): Promise<void> {
  const [schema, name] = stateTableParts(scope.stateTable);
  const rows = await queryConnector<{name: string}>(
    connector,
    `SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?`,
    [schema, name],
  );
  const present = new Set(rows.map(r => r.name.toLowerCase()));
  const missing = Object.entries(LATER_COLUMNS).filter(
    ([column]) => !present.has(column),
  );
  if (missing.length === 0) return;
  await queryConnector(
    connector,
    `ALTER TABLE ${stateTableOf(scope)} ` +
      missing
        .map(([column, type]) => `ADD COLUMN ${column} ${type}`)
        .join(', '),
  );
}

/** The columns added since the first version of the state table. */
const LATER_COLUMNS = {
  sources_fingerprint: 'CHAR(64) NULL',
  models: 'MEDIUMTEXT NULL',
  catalog_times: 'VARCHAR(128) NULL',
};
