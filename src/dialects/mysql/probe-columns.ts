import {MAX_CHAR_BYTES, MAX_ROW} from './row-size';
import {mysqlWidens} from './widening';

/** The column a conversion probe copies, as the catalog has it. */
export interface ProbedColumn {
  /** `varchar(6000)` */
  readonly columnType: string;
  /** `varchar` */
  readonly dataType: string;
  readonly collation: string | null;
  readonly tableCollation: string | null;
}

/**
 * Whether changing the column to `type` keeps every value whatever the rows,
 * so that no probe is needed: a wider type (`mysqlWidens`: a longer
 * `VARCHAR`, a larger integer or `DECIMAL`) whose values stay in the same
 * character set: a string column of the table's collation, as the changed
 * one will be where the type names none.
 */
export function keptByType(column: ProbedColumn, type: string): boolean {
  return (
    mysqlWidens(column.columnType, type) &&
    withinEveryLimit(type) &&
    (column.collation === null || column.collation === column.tableCollation)
  );
}

/**
 * Whether the server takes the type whatever the character set: a
 * `VARCHAR` of at most 16383 characters (65535 bytes in utf8mb4), a
 * `DECIMAL` of at most 65 digits, 30 after the point. A wider one goes to
 * the probe, which tells the server's refusal (`Too big precision`).
 */
function withinEveryLimit(type: string): boolean {
  const size = /^\s*(varchar|decimal|numeric)\((\d+)(?:,\s*(\d+))?\)/i.exec(
    type,
  );
  if (!size) return true;
  const [length, scale] = [Number(size[2]), Number(size[3] ?? 0)];
  return /^varchar$/i.test(size[1])
    ? length <= 16383
    : length <= 65 && scale <= 30;
}

/**
 * How the probe holds a `VARCHAR` or `VARBINARY` column, whose length counts
 * against the row's 65535 bytes, once in each of its three columns: the
 * original values (`o`) in a `LONGTEXT` of the column's collation (or a
 * `LONGBLOB`), which keeps every value byte for byte and takes no room in
 * the row; and, where two copies of the type take more than half a row,
 * the values copied back (`b`) in a column added once the converted ones
 * (`v`) have their new type. `undefined` for other types.
 */
export function wideString(
  info: ProbedColumn,
): {readonly original: string; readonly backLater: boolean} | undefined {
  const binary = info.dataType === 'varbinary';
  if (!binary && info.dataType !== 'varchar') return undefined;
  const length = Number(/\((\d+)\)/.exec(info.columnType)?.[1] ?? 0);
  const bytes = length * (binary ? 1 : MAX_CHAR_BYTES);
  return {
    original: binary
      ? 'LONGBLOB'
      : `LONGTEXT${info.collation ? ` COLLATE ${info.collation}` : ''}`,
    backLater: 2 * bytes > MAX_ROW / 2,
  };
}
