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
    (column.collation === null || column.collation === column.tableCollation)
  );
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
