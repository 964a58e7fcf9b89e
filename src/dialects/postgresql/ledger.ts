import type {
  ScriptDataSource,
  Ledger,
  LedgerRow,
} from '../../scripts/ledger-types';
import {isMissingTable} from './missing-table';
import {tableExists} from './table-exists';

/**
 * The ledger on PostgreSQL. Writes take the script's transaction, so that a
 * script and its row commit (or roll back) together.
 */
export function postgresqlLedger(
  ds: ScriptDataSource,
  parts: readonly string[],
): Ledger {
  const table = parts.map(p => `"${p}"`).join('.');
  return {
    table,
    transactional: true,
    exists: () => tableExists((sql, params) => ds.execute(sql, params), table),
    async elsewhere() {
      if (parts.length === 2) return {target: null, schemas: []};
      const rows = (await ds.execute(
        `SELECT current_schema() AS "target",
                ARRAY(SELECT n.nspname::text
                        FROM pg_catalog.pg_class c
                        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                       WHERE c.relname = $1 AND c.relkind IN ('r', 'p')
                         AND NOT pg_is_other_temp_schema(n.oid)
                       ORDER BY 1) AS "schemas"`,
        [parts[0]],
      )) as {target: string | null; schemas: string[]}[];
      return rows[0];
    },
    async create() {
      await ds.execute(
        `CREATE TABLE IF NOT EXISTS ${table} (
           version VARCHAR(255) NOT NULL PRIMARY KEY,
           name VARCHAR(255) NOT NULL,
           description TEXT,
           checksum CHAR(64) NOT NULL,
           applied_at TIMESTAMPTZ NOT NULL,
           duration_ms INTEGER NOT NULL
         )`,
      );
    },
    async read() {
      let rows: RawRow[];
      try {
        rows = (await ds.execute(
          `SELECT version, name, description, checksum,
                  applied_at AS "appliedAt", duration_ms AS "durationMs"
             FROM ${table}`,
        )) as RawRow[];
      } catch (err) {
        // No script was recorded yet. One round trip instead of asking first.
        if (isMissingTable(err)) return [];
        throw err;
      }
      return rows.map(row => ({
        version: row.version,
        name: row.name,
        description: row.description ?? undefined,
        checksum: row.checksum,
        appliedAt: new Date(row.appliedAt),
        durationMs: Number(row.durationMs),
      }));
    },
    async insert(row, options) {
      await ds.execute(
        `INSERT INTO ${table}
           (version, name, description, checksum, applied_at, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          row.version,
          row.name,
          row.description ?? null,
          row.checksum,
          row.appliedAt ?? new Date(),
          Math.round(row.durationMs),
        ],
        options,
      );
    },
    async remove(version, options) {
      await ds.execute(
        `DELETE FROM ${table} WHERE version = $1`,
        [version],
        options,
      );
    },
    async updateChecksum(version, checksum) {
      await ds.execute(`UPDATE ${table} SET checksum = $1 WHERE version = $2`, [
        checksum,
        version,
      ]);
    },
  };
}

interface RawRow extends Omit<LedgerRow, 'appliedAt' | 'description'> {
  readonly appliedAt: Date | string;
  readonly description: string | null;
}
