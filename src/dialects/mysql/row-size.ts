import {queryConnector, type JugglerConnector} from '../../juggler';
import {describeTable, type TableRef} from '../dialect';
import {columnChanges, createdColumns} from '../../planner/alter-clauses';

/** The most bytes of a row outside its TEXT and BLOB columns (MySQL, MariaDB). */
export const MAX_ROW = 65535;
/** The most bytes a character takes in any character set (utf8mb4). */
export const MAX_CHAR_BYTES = 4;

/**
 * Why the server would refuse the statement with `Row size too large`
 * (errno 1118): the table it creates, or the columns it adds, leave more
 * than 65535 bytes outside TEXT/BLOB columns. Only `CHAR`/`VARCHAR`/
 * `BINARY`/`VARBINARY` columns are counted (other columns, NULL flags and
 * overhead make a row larger still), so a row counted too large is one the
 * server refuses. A statement that names a character set is not judged.
 */
export async function oversizedRow(
  connector: JugglerConnector,
  table: TableRef,
  sql: string,
): Promise<string | undefined> {
  if (/\b(?:CHARACTER\s+SET|CHARSET|COLLATE)\b/i.test(sql)) return undefined;
  const created = createdColumns(sql);
  const added =
    created.size > 0
      ? created
      : new Map(
          columnChanges(sql).flatMap(c =>
            c.kind === 'add-column' && c.type ? [[c.column, c.type]] : [],
          ),
        );
  const widest = (charBytes: number) =>
    [...added.values()].reduce((n, t) => n + columnBytes(t, charBytes), 0);
  // No character set has more than 4 bytes a character: most statements
  // are judged without a read.
  if (widest(MAX_CHAR_BYTES) === 0) return undefined;
  if (created.size > 0 && widest(MAX_CHAR_BYTES) <= MAX_ROW) return undefined;
  const charBytes = await maxCharBytes(connector, table, created.size > 0);
  let bytes = widest(charBytes);
  // The columns the table keeps that the statement does not name (it may
  // drop or change them).
  if (created.size === 0) {
    const named = new Set(
      columnChanges(sql).map(change => change.column.toLowerCase()),
    );
    for (const kept of await keptColumns(connector, table)) {
      const name = kept.name.toLowerCase();
      if (!named.has(name) && !sql.includes(`\`${kept.name}\``)) {
        bytes += kept.bytes;
      }
    }
  }
  if (bytes <= MAX_ROW) return undefined;
  return (
    `row size too large: the ${created.size > 0 ? 'columns' : 'columns kept and added'} of ` +
    `${describeTable(table)} take at least ${bytes} bytes outside TEXT/BLOB columns ` +
    `(each string column its length times ${charBytes} bytes a character), but MySQL and ` +
    `MariaDB allow ${MAX_ROW}. To fix it, give long or rarely searched string properties a TEXT ` +
    "column (mysql: {dataType: 'text'}), or a shorter one (mysql: {dataType: 'varchar', dataLength: N})"
  );
}

/** The bytes a column of a character or binary type takes at most. */
function columnBytes(type: string, charBytes: number): number {
  const m = /^(var)?(char|binary)\s*\(\s*(\d+)\s*\)/i.exec(type.trim());
  if (!m) return 0;
  const data = Number(m[3]) * (m[2].toLowerCase() === 'char' ? charBytes : 1);
  // A VARCHAR's length takes 1 byte up to 255 bytes, 2 beyond.
  return data + (m[1] ? (data > 255 ? 2 : 1) : 0);
}

/** The bytes of a character of the table's (or a new table's) character set. */
export async function maxCharBytes(
  connector: JugglerConnector,
  table: TableRef,
  created: boolean,
): Promise<number> {
  const rows = await queryConnector<{bytes: number}>(
    connector,
    created
      ? `SELECT MAXLEN AS bytes FROM information_schema.CHARACTER_SETS
          WHERE CHARACTER_SET_NAME = @@character_set_database`
      : `SELECT s.MAXLEN AS bytes FROM information_schema.TABLES t
          JOIN information_schema.COLLATIONS c ON c.COLLATION_NAME = t.TABLE_COLLATION
          JOIN information_schema.CHARACTER_SETS s ON s.CHARACTER_SET_NAME = c.CHARACTER_SET_NAME
         WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME = ?`,
    created ? [] : [table.name],
  );
  // Unknown (a table the plan creates in this run): the fewest, 1.
  return Number(rows[0]?.bytes ?? 1);
}

/** The table's character and binary columns, with the bytes each takes at most. */
async function keptColumns(
  connector: JugglerConnector,
  table: TableRef,
): Promise<{name: string; bytes: number}[]> {
  const rows = await queryConnector<{
    name: string;
    type: string;
    octets: number;
  }>(
    connector,
    `SELECT COLUMN_NAME AS name, DATA_TYPE AS type, CHARACTER_OCTET_LENGTH AS octets
       FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
        AND DATA_TYPE IN ('char', 'varchar', 'binary', 'varbinary')`,
    [table.name],
  );
  return rows.map(r => {
    const octets = Number(r.octets);
    const varying = r.type.toLowerCase().startsWith('var');
    return {
      name: r.name,
      bytes: octets + (varying ? (octets > 255 ? 2 : 1) : 0),
    };
  });
}
