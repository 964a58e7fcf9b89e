import {createHash} from 'node:crypto';
import type {TestDatabase} from '../test/support/databases';

/** What a schema holds, as far as the benchmark checks it. */
export interface SchemaState {
  readonly tables: number;
  readonly foreignKeys: number;
  /** Columns named as the property scenario (c) adds. */
  readonly addedColumns: number;
  /** A hash of every column, index and constraint definition. */
  readonly fingerprint: string;
}

/**
 * The fast path's table of fingerprints (`SCHEMA_STATE_TABLE`), which ours
 * creates and stock does not: left out of every count and of the hash.
 */
const STATE = 'schema_migration_state';

const POSTGRES_READS = [
  `SELECT c.relname AS t, a.attname AS c, format_type(a.atttypid, a.atttypmod) AS type,
          a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS dflt
     FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '${STATE}'
    ORDER BY 1, 2`,
  `SELECT tablename AS t, indexname AS i, indexdef AS def
     FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '${STATE}'
    ORDER BY 1, 2`,
  `SELECT conrelid::regclass::text AS t, conname AS c, contype AS type,
          pg_get_constraintdef(oid) AS def
     FROM pg_constraint WHERE connamespace = 'public'::regnamespace
      AND conrelid::regclass::text <> '${STATE}'
    ORDER BY 1, 2`,
];

const MYSQL_READS = [
  `SELECT table_name AS t, column_name AS c, column_type AS type,
          is_nullable AS nullable, column_default AS dflt, extra AS extra
     FROM information_schema.columns WHERE table_schema = DATABASE()
      AND table_name <> '${STATE}'
    ORDER BY 1, 2`,
  `SELECT table_name AS t, index_name AS i, seq_in_index AS seq,
          column_name AS c, non_unique AS non_unique
     FROM information_schema.statistics WHERE table_schema = DATABASE()
      AND table_name <> '${STATE}'
    ORDER BY 1, 2, 3`,
  `SELECT r.table_name AS t, r.constraint_name AS c, r.referenced_table_name AS target,
          r.update_rule AS on_update, r.delete_rule AS on_delete
     FROM information_schema.referential_constraints r
    WHERE r.constraint_schema = DATABASE()
    ORDER BY 1, 2`,
];

/**
 * Read the schema of a database: table, foreign key and added-column
 * counts, and a fingerprint that changes when any column, index or
 * constraint does.
 */
export async function readSchemaState(
  db: TestDatabase,
  addedColumn: string,
): Promise<SchemaState> {
  const postgres = db.kind === 'postgresql';
  const hash = createHash('sha256');
  const results: Record<string, unknown>[][] = [];
  for (const sql of postgres ? POSTGRES_READS : MYSQL_READS) {
    const rows = await db.query<Record<string, unknown>>(sql);
    hash.update(JSON.stringify(rows.map(r => Object.values(r))));
    results.push(rows);
  }
  const [columns, , constraints] = results;
  const tables = new Set(columns.map(r => String(r.t))).size;
  const foreignKeys = postgres
    ? constraints.filter(r => r.type === 'f').length
    : constraints.length;
  const addedColumns = columns.filter(r => r.c === addedColumn).length;
  return {tables, foreignKeys, addedColumns, fingerprint: hash.digest('hex')};
}

/**
 * Drop the column scenario (c) added from every table that has it, to put
 * the schema back as it was before the run.
 */
export async function dropAddedColumns(
  db: TestDatabase,
  addedColumn: string,
): Promise<number> {
  const postgres = db.kind === 'postgresql';
  const tables = await db.query<{t: string}>(
    postgres
      ? `SELECT table_name AS t FROM information_schema.columns
          WHERE table_schema = 'public' AND column_name = $1`
      : `SELECT table_name AS t FROM information_schema.columns
          WHERE table_schema = DATABASE() AND column_name = ?`,
    [addedColumn],
  );
  for (const {t} of tables) {
    await db.query(
      postgres
        ? `ALTER TABLE "public".${quotePg(t)} DROP COLUMN ${quotePg(addedColumn)}`
        : `ALTER TABLE ${quoteMysql(t)} DROP COLUMN ${quoteMysql(addedColumn)}`,
    );
  }
  return tables.length;
}

function quotePg(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteMysql(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}
