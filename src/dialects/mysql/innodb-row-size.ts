import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  createdColumnDefinitions,
  statesNotNull,
  typeOf,
} from '../../planner/alter-clauses';
import {describeTable, type TableRef} from '../dialect';
import {parseServerVersion} from './online-ddl';
import {MAX_CHAR_BYTES, maxCharBytes} from './row-size';

/**
 * The most bytes of a record InnoDB takes on a 16 KiB page (half the page
 * less its overhead): "Row size too large (> 8126)".
 */
const PAGE_RECORD_MAX = 8126;
const PAGE_SIZE = 16384;
/** What a column stored off the page leaves in the record (DYNAMIC). */
const OFF_PAGE_POINTER = 20;
/** The longest variable-length column kept whole in the record, bytes. */
const KEPT_WHOLE = 255;
/** What MySQL keeps of a longer one (MariaDB keeps it whole up to 255). */
const MYSQL_KEPT = 40;
/** DB_TRX_ID and DB_ROLL_PTR, in every record of the clustered index. */
const SYSTEM_COLUMNS = 13;

/** The bytes of the fixed-size types, by name. */
const FIXED: Readonly<Record<string, number>> = {
  tinyint: 1,
  bool: 1,
  boolean: 1,
  smallint: 2,
  mediumint: 3,
  int: 4,
  integer: 4,
  bigint: 8,
  float: 4,
  double: 8,
  real: 8,
  date: 3,
  time: 3,
  year: 1,
  datetime: 5,
  timestamp: 4,
  enum: 1,
  set: 1,
  inet4: 4,
  inet6: 16,
  uuid: 16,
};
const LARGE_OBJECT =
  /^(?:tiny|medium|long)?(?:text|blob)\b|^(?:json|long|geometry|point|linestring|polygon|multi\w+|geometrycollection)\b/i;

/** A column the table has after the statement, as this counts it. */
interface RecordColumn {
  readonly type: string;
  readonly nullable: boolean;
}

/**
 * Why InnoDB would refuse the statement with "Row size too large (>
 * 8126)": with `innodb_strict_mode` on (MariaDB's and MySQL's default), a
 * table is refused when its record could exceed half a 16 KiB page — each
 * string column of up to 255 bytes counted whole (MariaDB), a longer one
 * or a TEXT/BLOB by the 20-byte pointer it leaves when stored off the page
 * (ROW_FORMAT=DYNAMIC), fixed types by their size. A model of about 200
 * short string properties hits it (the 65535-byte limit is `oversizedRow`'s).
 * Counted low (no length bytes, no record header), so a row counted too
 * large is one the server refuses. Only a `CREATE TABLE` of the server's
 * default row format is judged (MariaDB adds such columns to a table that
 * exists without the check), and not one that names a character set;
 * other page sizes are not.
 */
export async function oversizedInnodbRow(
  connector: JugglerConnector,
  table: TableRef,
  sql: string,
): Promise<string | undefined> {
  if (!/^\s*CREATE\s+TABLE\b/i.test(sql)) return undefined;
  if (/\b(?:CHARACTER\s+SET|CHARSET|COLLATE|ROW_FORMAT)\b/i.test(sql)) {
    return undefined;
  }
  const columns = createdColumnDefinitions(sql).map(([, definition]) =>
    column(definition),
  );
  // Most tables are far below the limit whatever the server: no read.
  if (recordBytes(columns, MAX_CHAR_BYTES, true) < PAGE_RECORD_MAX) {
    return undefined;
  }
  const [settings] = await queryConnector<{
    strict: unknown;
    page: unknown;
    format: string | null;
    version: string;
  }>(
    connector,
    `SELECT @@innodb_strict_mode AS strict, @@innodb_page_size AS page,
            @@innodb_default_row_format AS format, VERSION() AS version`,
  );
  if (
    !settings ||
    Number(settings.strict) !== 1 ||
    Number(settings.page) !== PAGE_SIZE ||
    String(settings.format ?? '').toLowerCase() !== 'dynamic'
  ) {
    return undefined;
  }
  const charBytes = await maxCharBytes(connector, table, true);
  const {mariadb} = parseServerVersion(settings.version);
  const bytes = recordBytes(columns, charBytes, mariadb);
  if (bytes < PAGE_RECORD_MAX) return undefined;
  return (
    `row size too large for InnoDB: a record of ${describeTable(table)} takes ` +
    `at least ${bytes} bytes on its page (${columns.length} columns: each string ` +
    `column of up to ${KEPT_WHOLE} bytes whole, at ${charBytes} bytes a character; ` +
    `a longer one or a TEXT/BLOB ${OFF_PAGE_POINTER}), but InnoDB allows fewer than ` +
    `${PAGE_RECORD_MAX} with innodb_strict_mode on. To fix it, give short string ` +
    "properties a TEXT column (mysql: {dataType: 'text'}), or split the model " +
    '(or keep rarely searched values in one object property, a JSON column)'
  );
}

function column(definition: string): RecordColumn {
  return {
    type: typeOf(definition),
    nullable:
      !statesNotNull(definition) && !/\bPRIMARY\s+KEY\b/i.test(definition),
  };
}

/** The fewest bytes a record of these columns may take on its page. */
function recordBytes(
  columns: readonly RecordColumn[],
  charBytes: number,
  mariadb: boolean,
): number {
  const nullable = columns.filter(c => c.nullable).length;
  return columns.reduce(
    (sum, c) => sum + columnBytes(c.type, charBytes, mariadb),
    SYSTEM_COLUMNS + Math.floor(nullable / 8),
  );
}

/** The fewest bytes a column of this type takes in a record (0: unknown). */
function columnBytes(
  type: string,
  charBytes: number,
  mariadb: boolean,
): number {
  const text = type.trim().toLowerCase();
  const string = /^(var)?(char|binary)\s*\(\s*(\d+)\s*\)/.exec(text);
  if (string) {
    const bytes = Number(string[3]) * (string[2] === 'char' ? charBytes : 1);
    if (bytes > KEPT_WHOLE) return OFF_PAGE_POINTER;
    return mariadb ? bytes : Math.min(bytes, MYSQL_KEPT);
  }
  if (LARGE_OBJECT.test(text)) return OFF_PAGE_POINTER;
  const decimal = /^(?:decimal|dec|numeric|fixed)\s*\(\s*(\d+)/.exec(text);
  if (decimal) return Math.floor(Number(decimal[1]) / 9) * 4;
  const bit = /^bit\s*\(\s*(\d+)\s*\)/.exec(text);
  if (bit) return Math.ceil(Number(bit[1]) / 8);
  const name = /^[a-z0-9]+/.exec(text)?.[0] ?? '';
  return FIXED[name] ?? 0;
}
