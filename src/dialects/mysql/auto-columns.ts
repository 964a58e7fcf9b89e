import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  columnChanges,
  definedColumns,
  statesNotNull,
  typeOf,
  withoutQuotedText,
} from '../../planner/alter-clauses';
import {describeTable, type TableRef} from '../dialect';

/** `SERIAL`: MySQL's `BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE`. */
const SERIAL = /^serial$/i;

/**
 * Why the server refuses the statement's auto-increment columns, if it
 * does: a `SERIAL` column (`mysql: {dataType: 'serial'}`) the connector
 * writes `NULL` for a property that is not required (a syntax error: SERIAL
 * is NOT NULL), or a table left with two `AUTO_INCREMENT` columns (a SERIAL
 * property beside a generated id: "there can be only one auto column").
 * Both failed mid-run.
 */
export async function refusedAutoColumns(
  connector: JugglerConnector,
  table: TableRef,
  sql: string,
): Promise<string | undefined> {
  const defined = definedColumns(sql);
  const auto = defined.filter(({definition}) => isAuto(definition));
  if (auto.length === 0) return undefined;
  const nullSerial = auto.find(
    ({definition}) =>
      SERIAL.test(typeOf(definition)) &&
      !statesNotNull(definition) &&
      /\bNULL\b/i.test(withoutQuotedText(definition)),
  );
  if (nullSerial) {
    return (
      `column "${nullSerial.column}" of ${describeTable(table)} has type SERIAL ` +
      '(BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE) and is written NULL, as ' +
      'the connector writes a property that is not required: a statement MySQL ' +
      "refuses. Make the property required (required: true), or give it mysql.dataType 'BIGINT UNSIGNED'"
    );
  }
  const autoColumns = new Set(auto.map(({column}) => column));
  if (!/^\s*CREATE\b/i.test(sql)) {
    const gone = new Set(
      [
        ...columnChanges(sql).flatMap(c =>
          c.kind === 'drop-column' ? [c.column] : [],
        ),
        ...defined.map(c => c.replaces),
      ].map(column => column.toLowerCase()),
    );
    for (const column of await existingAutoColumns(connector, table)) {
      if (!gone.has(column.toLowerCase())) autoColumns.add(column);
    }
  }
  if (autoColumns.size < 2) return undefined;
  const names = [...autoColumns].map(c => `"${c}"`).join(', ');
  return (
    `table ${describeTable(table)} would have ${autoColumns.size} AUTO_INCREMENT ` +
    `columns (${names}; SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT ` +
    'UNIQUE), and MySQL allows one per table. Give the other properties another ' +
    'mysql.dataType (BIGINT UNSIGNED), or make the id not generated'
  );
}

function isAuto(definition: string): boolean {
  return (
    SERIAL.test(typeOf(definition)) ||
    /\bAUTO_INCREMENT\b/i.test(withoutQuotedText(definition))
  );
}

/** The table's `AUTO_INCREMENT` columns now (none when it does not exist). */
async function existingAutoColumns(
  connector: JugglerConnector,
  table: TableRef,
): Promise<string[]> {
  const rows = await queryConnector<{name: string}>(
    connector,
    `SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
        AND EXTRA LIKE '%auto_increment%'`,
    [table.name],
  );
  return rows.map(r => r.name);
}
