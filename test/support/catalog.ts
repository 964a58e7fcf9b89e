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

/** The base tables of the test database, lower-cased and sorted. */
export async function tables(db: TestDatabase): Promise<string[]> {
  return (await tableNames(db)).map(name => name.toLowerCase()).sort();
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

/** Every index of the test database, sorted by table and name. */
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
