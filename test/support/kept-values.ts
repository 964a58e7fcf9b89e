import type {TestDatabase} from './databases';

/** Types compared byte for byte on MariaDB (its PAD SPACE collations ignore trailing spaces). */
const MYSQL_STRINGS =
  /^(char|varchar|tinytext|text|mediumtext|longtext|enum|set|binary|varbinary|blob)$/;
const MYSQL_NUMBERS =
  /^(tinyint|smallint|mediumint|int|bigint|decimal|float|double)$/;

/**
 * How many values of `table` (column `v`) differ from the copy `bak_<table>`
 * made before the change: each value, read back as the old type, is compared
 * with the stored one by the old type's own equality (numbers and times by
 * value, text exactly, JSON by `jsonb` equality on PostgreSQL).
 */
export async function keptCount(
  db: TestDatabase,
  table: string,
): Promise<number> {
  const bak = `bak_${table}`;
  if (db.kind === 'postgresql') {
    const [{old, now}] = await db.query<{old: string; now: string}>(
      `SELECT format_type(b.atttypid, b.atttypmod) AS old, format_type(t.atttypid, t.atttypmod) AS now
         FROM pg_attribute b, pg_attribute t
        WHERE b.attrelid = $1::regclass AND b.attname = 'v' AND t.attrelid = $2::regclass AND t.attname = 'v'`,
      [bak, table],
    );
    // A numeric rounded past the old precision (99999999.99 to
    // numeric(10,1) is 100000000.0) is compared as a numeric of any size:
    // read back into numeric(10,2), it would overflow. A varchar of any
    // length: a cast to varchar(5) cuts '12345.00' back to '12345'. A
    // varbit of any length: a cast to varbit(4) cuts '10100000' to '1010'.
    const readBack = old
      .replace(/^numeric\(\d+(?:,\d+)?\)/, 'numeric')
      .replace(/^character varying\(\d+\)/, 'character varying')
      .replace(/^bit varying\(\d+\)/, 'bit varying');
    // Text made bytea keeps its bytes: read in the database's encoding,
    // they give the text back (cast to text, a bytea is its '\x..' form).
    const kept =
      /^jsonb?$/.test(old) || /^jsonb?$/.test(now)
        ? 't.v::jsonb = b.v::jsonb'
        : now === 'bytea' && /^(text|character)/.test(old)
          ? "convert_from(t.v, current_setting('server_encoding')) IS NOT DISTINCT FROM b.v"
          : `t.v::${readBack} IS NOT DISTINCT FROM b.v`;
    const [{n}] = await db.query<{n: string}>(
      `SELECT count(*) AS n FROM ${table} t JOIN ${bak} b USING (id) WHERE NOT (${kept})`,
    );
    return Number(n);
  }
  const check = `chk_${table}`;
  await db.query(
    `CREATE TABLE ${check} AS SELECT id, v AS b FROM ${bak} LIMIT 0`,
  );
  await db.query(
    `INSERT IGNORE INTO ${check} (id, b) SELECT id, v FROM ${table}`,
  );
  const typeOf = async (of: string) => {
    const [{type}] = await db.query<{type: string}>(
      `SELECT DATA_TYPE AS type FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = 'v'`,
      [of],
    );
    return type;
  };
  const [type, now] = [await typeOf(bak), await typeOf(table)];
  // A number copied back into the old type is clamped to its range: one
  // rounded past it may come back as the value it was.
  const same = MYSQL_STRINGS.test(type)
    ? 'BINARY c.b <=> BINARY k.v'
    : MYSQL_NUMBERS.test(type) && MYSQL_NUMBERS.test(now)
      ? 'c.b <=> k.v AND t.v <=> k.v'
      : 'c.b <=> k.v';
  const [{n}] = await db.query<{n: number}>(
    `SELECT COUNT(*) AS n FROM ${check} c JOIN ${bak} k USING (id)
       JOIN ${table} t USING (id) WHERE NOT (${same})`,
  );
  return Number(n);
}
