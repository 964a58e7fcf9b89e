import type {ScriptDataSource, Ledger} from '../../scripts/ledger-types';
import {isMissingTable} from './missing-table';
import {tableExists} from './table-exists';

/**
 * The ledger on MySQL and MariaDB. MySQL commits each DDL statement, so a
 * script's row is written after its `up()` succeeded, not in a transaction.
 * Times are stored and read as UTC text, whatever the session's time zone.
 */
export function mysqlLedger(
  ds: ScriptDataSource,
  parts: readonly string[],
): Ledger {
  const table = parts.map(p => `\`${p}\``).join('.');
  const [schema, name] = parts.length === 2 ? parts : [null, parts[0]];
  return {
    table,
    transactional: false,
    exists: () =>
      tableExists((sql, params) => ds.execute(sql, params), schema, name),
    async create() {
      await ds.execute(
        `CREATE TABLE IF NOT EXISTS ${table} (
           version VARCHAR(255) NOT NULL,
           name VARCHAR(255) NOT NULL,
           description TEXT NULL,
           checksum CHAR(64) NOT NULL,
           applied_at DATETIME(3) NOT NULL,
           duration_ms INT NOT NULL,
           PRIMARY KEY (version)
         ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
      );
    },
    async read() {
      let rows: RawRow[];
      try {
        rows = (await ds.execute(
          `SELECT version, name, description, checksum,
                  DATE_FORMAT(applied_at, '%Y-%m-%dT%H:%i:%s.%f') AS appliedAt,
                  duration_ms AS durationMs
             FROM ${table}`,
        )) as RawRow[];
      } catch (err) {
        // No script was recorded yet. One round trip instead of asking first.
        if (isMissingTable(err)) return [];
        throw err;
      }
      return rows.map(row => ({
        version: String(row.version),
        name: String(row.name),
        description: row.description ?? undefined,
        checksum: String(row.checksum),
        appliedAt: new Date(`${String(row.appliedAt).slice(0, 23)}Z`),
        durationMs: Number(row.durationMs),
      }));
    },
    async insert(row, options) {
      await ds.execute(
        `INSERT INTO ${table}
           (version, name, description, checksum, applied_at, duration_ms)
         VALUES (?, ?, ?, ?, ?, ?)`,
        [
          row.version,
          row.name,
          row.description ?? null,
          row.checksum,
          utcDateTime(row.appliedAt ?? new Date()),
          Math.round(row.durationMs),
        ],
        options,
      );
    },
    async remove(version, options) {
      await ds.execute(
        `DELETE FROM ${table} WHERE version = ?`,
        [version],
        options,
      );
    },
    async updateChecksum(version, checksum) {
      await ds.execute(`UPDATE ${table} SET checksum = ? WHERE version = ?`, [
        checksum,
        version,
      ]);
    },
  };
}

interface RawRow {
  readonly version: string;
  readonly name: string;
  readonly description: string | null;
  readonly checksum: string;
  readonly appliedAt: string;
  readonly durationMs: number | string;
}

/** `2024-05-01 12:00:00.123`, in UTC. */
function utcDateTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
