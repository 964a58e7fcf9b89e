import {SCHEMA_STATE_TABLE} from '../../src/runner/schema-state-driver';
import type {TestDatabase} from './databases';

/** A column as the catalog describes it, lower-cased names. */
export interface CatalogColumn {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}

/** A foreign key as the catalog describes it, lower-cased names. */
export interface CatalogForeignKey {
  name: string;
  table: string;
  column: string;
  targetTable: string;
  targetColumn: string;
}

/**
 * The base tables of the test database, lower-cased and sorted, without the
 * fast path's table of fingerprints (every successful run creates it).
 */
export async function tables(db: TestDatabase): Promise<string[]> {
  return (await tableNames(db))
    .map(name => name.toLowerCase())
    .filter(name => name !== SCHEMA_STATE_TABLE)
    .sort();
}

async function tableNames(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{name: string}>(
    db.kind === 'postgresql'
      ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
      : "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'",
  );
  return rows.map(r => r.name);
}

/** The columns of one table, in ordinal order. */
export async function columns(
  db: TestDatabase,
  table: string,
): Promise<CatalogColumn[]> {
  const rows = await db.query<{column: string; type: string; nullable: string}>(
    db.kind === 'postgresql'
      ? `SELECT column_name AS "column", data_type AS "type", is_nullable AS "nullable"
           FROM information_schema.columns WHERE table_schema = 'public' AND lower(table_name) = $1
          ORDER BY ordinal_position`
      : `SELECT COLUMN_NAME AS \`column\`, COLUMN_TYPE AS \`type\`, IS_NULLABLE AS nullable
           FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND lower(TABLE_NAME) = ?
          ORDER BY ORDINAL_POSITION`,
    [table.toLowerCase()],
  );
  return rows.map(r => ({
    table: table.toLowerCase(),
    column: r.column.toLowerCase(),
    type: r.type.toLowerCase(),
    nullable: r.nullable === 'YES',
  }));
}

/** Every foreign key of the test database, sorted by name. */
export async function foreignKeys(
  db: TestDatabase,
): Promise<CatalogForeignKey[]> {
  const rows = await db.query<CatalogForeignKey>(
    db.kind === 'postgresql'
      ? `SELECT tc.constraint_name AS "name", kcu.table_name AS "table", kcu.column_name AS "column",
                ccu.table_name AS "targetTable", ccu.column_name AS "targetColumn"
           FROM information_schema.table_constraints tc
           JOIN information_schema.key_column_usage kcu
             ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
           JOIN information_schema.constraint_column_usage ccu
             ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
          WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'`
      : `SELECT CONSTRAINT_NAME AS name, TABLE_NAME AS \`table\`, COLUMN_NAME AS \`column\`,
                REFERENCED_TABLE_NAME AS targetTable, REFERENCED_COLUMN_NAME AS targetColumn
           FROM information_schema.KEY_COLUMN_USAGE
          WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL`,
  );
  return rows
    .map(r => ({
      name: r.name.toLowerCase(),
      table: r.table.toLowerCase(),
      column: r.column.toLowerCase(),
      targetTable: r.targetTable.toLowerCase(),
      targetColumn: r.targetColumn.toLowerCase(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Drop every table of the test database (foreign keys ignored). */
export async function dropAllTables(db: TestDatabase): Promise<void> {
  const names = await tableNames(db);
  if (names.length === 0) return;
  if (db.kind === 'postgresql') {
    await db.query(`DROP TABLE ${names.map(n => `"${n}"`).join(', ')} CASCADE`);
  } else {
    await db.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const name of names) await db.query(`DROP TABLE \`${name}\``);
    await db.query('SET FOREIGN_KEY_CHECKS = 1');
  }
}

/** An index as the catalog describes it, lower-cased names. */
export interface CatalogIndex {
  table: string;
  name: string;
  unique: boolean;
  columns: string;
  /** PostgreSQL: `false` for an INVALID index (a failed concurrent build). */
  valid: boolean;
}

/** Every index of the test database (but the fingerprints' table's), sorted by table and name. */
export async function indexes(db: TestDatabase): Promise<CatalogIndex[]> {
  const rows = await db.query<{
    table: string;
    name: string;
    unique: boolean | number | string;
    columns: string;
    valid: boolean | number | string;
  }>(
    db.kind === 'postgresql'
      ? `SELECT t.relname AS "table", i.relname AS "name", ix.indisunique AS "unique",
                ix.indisvalid AS "valid",
                array_to_string(ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k + 1, true)
                  FROM generate_subscripts(ix.indkey, 1) AS k ORDER BY k), ',') AS "columns"
           FROM pg_index ix
           JOIN pg_class t ON t.oid = ix.indrelid
           JOIN pg_class i ON i.oid = ix.indexrelid
           JOIN pg_namespace n ON n.oid = t.relnamespace
          WHERE n.nspname = 'public'`
      : `SELECT TABLE_NAME AS \`table\`, INDEX_NAME AS name, NON_UNIQUE = 0 AS \`unique\`, 1 AS valid,
                GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS \`columns\`
           FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
          GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE`,
  );
  return rows
    .filter(r => r.table !== SCHEMA_STATE_TABLE)
    .map(r => ({
      table: r.table.toLowerCase(),
      name: r.name.toLowerCase(),
      unique: r.unique === true || Number(r.unique) === 1,
      columns: r.columns.toLowerCase(),
      valid: r.valid === true || Number(r.valid) === 1,
    }))
    .sort(
      (a, b) => a.table.localeCompare(b.table) || a.name.localeCompare(b.name),
    );
}

/** The whole schema of the test database: tables, columns, indexes, foreign keys. */
export async function catalog(db: TestDatabase): Promise<{
  columns: CatalogColumn[];
  indexes: CatalogIndex[];
  foreignKeys: CatalogForeignKey[];
}> {
  const all: CatalogColumn[] = [];
  for (const table of await tables(db)) all.push(...(await columns(db, table)));
  return {
    columns: all,
    indexes: await indexes(db),
    foreignKeys: await foreignKeys(db),
  };
}

/** Every foreign key's name, table and ON DELETE / ON UPDATE rules, sorted. */
export async function foreignKeyRules(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{line: string}>(
    db.kind === 'postgresql'
      ? `SELECT conrelid::regclass::text || '.' || conname || ' ' || confdeltype::text || confupdtype::text ||
                ' deferrable=' || condeferrable AS "line"
           FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`
      : `SELECT CONCAT(TABLE_NAME, '.', CONSTRAINT_NAME, ' ', DELETE_RULE, ' ', UPDATE_RULE) AS line
           FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`,
  );
  return rows.map(r => r.line.toLowerCase()).sort();
}

/**
 * The exact definitions of the tables of the test database (but the
 * fingerprints' and `skip`'s), as the server writes them: PostgreSQL each
 * column's type, NOT NULL and default, each index's and constraint's
 * definition; MySQL `SHOW CREATE TABLE` (without its AUTO_INCREMENT
 * counter; its keys sorted, as an index added again is listed last).
 * Sorted, one line each.
 */
export async function exactDefinitions(
  db: TestDatabase,
  skip: readonly string[] = [],
): Promise<string[]> {
  const names = (await tableNames(db)).filter(
    name => name !== SCHEMA_STATE_TABLE && !skip.includes(name),
  );
  if (db.kind === 'postgresql') {
    const rows = await db.query<{line: string}>(
      `SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) ||
              CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END ||
              coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') AS "line"
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1)
          AND a.attnum > 0 AND NOT a.attisdropped
       UNION ALL
       SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
        WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1)
       UNION ALL
       SELECT conrelid::regclass::text || '.' || conname || ' ' || pg_get_constraintdef(oid)
         FROM pg_constraint
        WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text = ANY($1)`,
      [names],
    );
    return rows.map(r => r.line).sort();
  }
  const lines: string[] = [];
  for (const name of names) {
    const [row] = await db.query<Record<string, string>>(
      `SHOW CREATE TABLE \`${name}\``,
    );
    const [head, ...body] = row['Create Table']
      .replace(/ AUTO_INCREMENT=\d+/, '')
      .split('\n');
    const tail = body.pop();
    const definitions = body.map(line => line.replace(/,$/, ''));
    const columns = definitions.filter(line => line.startsWith('  `'));
    const keys = definitions.filter(line => !line.startsWith('  `')).sort();
    lines.push([head, ...columns, ...keys, tail].join('\n'));
  }
  return lines.sort();
}
