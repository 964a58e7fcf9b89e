import type {TableRef} from '../dialect';
import {queryConnector} from '../../juggler';
import {connectPg} from './client';
import {isMissingTable} from './missing-table';
import {COLUMN_RELATION_KINDS} from './reads';
import {
  UNVERIFIED_DIGEST,
  readSchemaState,
  storedColumns,
  type SchemaStateDriver,
  type SchemaStateRow,
  type SchemaStateScope,
} from '../../runner/schema-state-driver';
import {tableExists} from './table-exists';

/** SQLSTATE of a column that does not exist. */
const UNDEFINED_COLUMN = '42703';

/** SQLSTATE `insufficient_privilege`. */
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * The catalog digest, computed by the server: one line per table, column
 * (type, nullability, default, identity, collation, comment: an online
 * back-fill marks its column with one), index (method, columns, operator
 * classes, options, expressions, predicate, valid, ready), constraint
 * (kind, columns, referenced table and columns, actions, expression,
 * validated), trigger and the server version, for every relation of the
 * schemas `scope` (SQL: a JSON array of their names, see `coverageOf()`)
 * whose columns the plan reads (`COLUMN_RELATION_KINDS`: views and foreign
 * tables too, which a model may map to) except the state table (`$2`,
 * `$3`); the digest is the line count and the sum of the lines' 64-bit
 * hashes (`hashtextextended`), which needs neither a sort nor one long
 * string (half the time of an md5 over the sorted lines at 1000 tables). The tables' own object ids are left out:
 * a table dropped and created again identically has the same digest.
 *
 * It takes no lock: `pg_get_indexdef()` and `pg_get_expr()` would wait for
 * the lock of a table another session is altering (an apply in progress,
 * a dead migration's transaction), so indexes, defaults and constraints
 * are read from their raw catalog columns; `pg_get_triggerdef()` reads
 * the catalog only.
 */
const digestOf = (scope: string) => `rel AS (
  SELECT c.oid, n.nspname, c.relname, c.relkind
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname IN (SELECT json_array_elements_text((${scope})::json))
     AND c.relkind IN ${COLUMN_RELATION_KINDS}
     AND NOT (n.nspname = coalesce($2::text, current_schema()) AND c.relname = $3::text)
), digest AS (
  SELECT count(*) || '-' || sum(hashtextextended(line, 0)::numeric) AS d
    FROM (
      SELECT format('t %L %L %L', r.nspname, r.relname, r.relkind) AS line FROM rel r
      UNION ALL
      SELECT format('a %L %L %s %L %L %L %L %s %L %L %s %L %L',
                    r.nspname, r.relname, a.attnum, a.attname,
                    format_type(a.atttypid, a.atttypmod), t.typname, t.typtype,
                    a.attnotnull, a.attidentity, a.attgenerated, a.attcollation,
                    d.adbin::text, ds.description)
        FROM rel r
        JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = a.attrelid
              AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = a.attnum
      UNION ALL
      SELECT format('i %L %L %L %L %s %L %L %L %L %L %L %s %s %s %s', r.nspname,
                    r.relname, i.relname, am.amname, ix.indnkeyatts, ix.indkey::text,
                    ix.indclass::text, ix.indoption::text, ix.indcollation::text,
                    ix.indexprs::text, ix.indpred::text, ix.indisvalid, ix.indisready,
                    ix.indisprimary, ix.indisunique)
        FROM rel r
        JOIN pg_catalog.pg_index ix ON ix.indrelid = r.oid
        JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
        JOIN pg_catalog.pg_am am ON am.oid = i.relam
      UNION ALL
      SELECT format('c %L %L %L %L %L %L %L %L %L %L %L %L %L %s %s %s',
                    r.nspname, r.relname, con.conname, con.contype,
                    con.conkey::text, fn.nspname, fr.relname, con.confkey::text,
                    con.confupdtype, con.confdeltype, con.confmatchtype,
                    con.conexclop::text, con.conbin::text, con.convalidated,
                    con.condeferrable, con.condeferred)
        FROM rel r
        JOIN pg_catalog.pg_constraint con ON con.conrelid = r.oid
        LEFT JOIN pg_catalog.pg_class fr ON fr.oid = con.confrelid
        LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fr.relnamespace
      UNION ALL
      SELECT format('g %L %L %L %L %L', r.nspname, r.relname, tg.tgname,
                    pg_get_triggerdef(tg.oid), tg.tgenabled)
        FROM rel r JOIN pg_catalog.pg_trigger tg ON tg.tgrelid = r.oid AND NOT tg.tgisinternal
      UNION ALL
      SELECT format('v %L', current_setting('server_version_num'))
    ) parts
)`;

/** The end of a write: a row of the same key is replaced. */
const UPSERT = `ON CONFLICT (state_key) DO UPDATE
   SET model_fingerprint = EXCLUDED.model_fingerprint,
       catalog_digest = EXCLUDED.catalog_digest,
       catalog_scope = EXCLUDED.catalog_scope,
       warnings = EXCLUDED.warnings,
       sources_fingerprint = EXCLUDED.sources_fingerprint,
       models = EXCLUDED.models,
       recorded_at = EXCLUDED.recorded_at`;

function stateTableOf(scope: Pick<SchemaStateScope, 'stateTable'>): string {
  return scope.stateTable.map(p => `"${p.replace(/"/g, '""')}"`).join('.');
}

/** The JSON array of the tables' schemas, sorted (`coverageOf()`). */
function schemasOf(tables: readonly TableRef[]): string {
  return JSON.stringify([...new Set(tables.map(t => t.schema))].sort());
}

/** `$1`: the schemas (JSON) or NULL; `$2`, `$3`: the state table. */
function digestParams(scope: SchemaStateScope): unknown[] {
  const [schema, name] =
    scope.stateTable.length === 2
      ? scope.stateTable
      : [null, scope.stateTable[0]];
  return [scope.tables ? schemasOf(scope.tables) : null, schema, name];
}

/**
 * The fingerprints on PostgreSQL, in a table beside the scripts' ledger
 * (`schema_migration_state` by default).
 */
export const postgresqlSchemaState: SchemaStateDriver = {
  coverageOf: schemasOf,

  async connectionReady(connector) {
    const pool = (connector as {pg?: {idleCount?: number} | null}).pg;
    if (pool?.idleCount) return;
    (await connectPg(connector)).release();
  },

  // Without tables, the digest covers the schemas recorded with the row.
  read: (connector, scope) =>
    readSchemaState(
      () =>
        queryConnector<SchemaStateRow>(
          connector,
          `WITH s AS (
           SELECT model_fingerprint, catalog_digest, catalog_scope, warnings,
                  sources_fingerprint, models
             FROM ${stateTableOf(scope)} WHERE state_key = $4
         ), scope AS (
           SELECT coalesce($1::text, (SELECT catalog_scope FROM s)) AS schemas
         ), ${digestOf('SELECT schemas FROM scope')}
         SELECT digest.d AS "catalogDigest", scope.schemas AS "coverage",
                s.model_fingerprint AS "modelFingerprint",
                s.catalog_digest AS "storedDigest", s.warnings AS "warnings",
                s.sources_fingerprint AS "sourcesFingerprint", s.models AS "models"
           FROM digest CROSS JOIN scope LEFT JOIN s ON true`,
          [...digestParams(scope), scope.key],
        ),
      // No state table yet: nothing was recorded; or one without
      // catalog_scope or sources_fingerprint, made before them:
      // createTable() adds them.
      err =>
        isMissingTable(err) ||
        (err as {code?: unknown}).code === UNDEFINED_COLUMN,
    ),

  async digest(connector, scope) {
    const [row] = await queryConnector<{d: string}>(
      connector,
      `WITH ${digestOf('$1::text')} SELECT digest.d AS "d" FROM digest`,
      digestParams(scope),
    );
    return row.d;
  },

  accessDenied: err =>
    (err as {code?: unknown}).code === INSUFFICIENT_PRIVILEGE,

  async createTable(connector, scope, upgrade) {
    const table = stateTableOf(scope);
    const run = (sql: string, params: unknown[]) =>
      queryConnector(connector, sql, params);
    if (await tableExists(run, table)) {
      // One made by an earlier version lacks the later columns.
      if (upgrade) {
        await queryConnector(
          connector,
          `ALTER TABLE ${table}
             ADD COLUMN IF NOT EXISTS catalog_scope TEXT NOT NULL DEFAULT '',
             ADD COLUMN IF NOT EXISTS sources_fingerprint CHAR(64),
             ADD COLUMN IF NOT EXISTS models TEXT`,
        );
      }
      return;
    }
    await queryConnector(
      connector,
      `CREATE TABLE IF NOT EXISTS ${table} (
         state_key VARCHAR(255) NOT NULL PRIMARY KEY,
         model_fingerprint CHAR(64) NOT NULL,
         catalog_digest VARCHAR(64) NOT NULL,
         catalog_scope TEXT NOT NULL,
         warnings TEXT NOT NULL,
         sources_fingerprint CHAR(64),
         models TEXT,
         recorded_at TIMESTAMPTZ NOT NULL
       )`,
    );
  },

  async write(connector, scope, state) {
    const table = stateTableOf(scope);
    if (state.catalogDigest === UNVERIFIED_DIGEST) {
      await queryConnector(
        connector,
        `INSERT INTO ${table} AS s (state_key, model_fingerprint, catalog_digest,
                catalog_scope, warnings, sources_fingerprint, models, recorded_at)
         VALUES ($2, $3, $4, $1, $5, $6, $7, now())
         ${UPSERT}`,
        [
          schemasOf(scope.tables),
          scope.key,
          state.modelFingerprint,
          UNVERIFIED_DIGEST,
          ...storedColumns(state),
        ],
      );
      return;
    }
    await queryConnector(
      connector,
      `WITH ${digestOf('$1::text')}
       INSERT INTO ${table} AS s (state_key, model_fingerprint, catalog_digest,
              catalog_scope, warnings, sources_fingerprint, models, recorded_at)
       SELECT $4, $5,
              CASE WHEN $6::text = digest.d THEN digest.d ELSE '' END,
              $1, $7, $8, $9, now()
         FROM digest
       ${UPSERT}`,
      [
        ...digestParams(scope),
        scope.key,
        state.modelFingerprint,
        state.catalogDigest,
        ...storedColumns(state),
      ],
    );
  },

  async remove(connector, scope) {
    await queryConnector(
      connector,
      `DELETE FROM ${stateTableOf(scope)} WHERE state_key = $1`,
      [scope.key],
    );
  },
};
