import {queryConnector, type JugglerConnector} from '../../juggler';
import {columnChanges} from '../../planner/alter-clauses';
import {describeTable, type TableRef} from '../dialect';
import {describeServer, readServer} from './server';
import {quote} from './quote';

/** A generated column as the catalog has it. */
interface GeneratedColumn {
  readonly name: string;
  readonly type: string;
  readonly expression: string;
  /** `VIRTUAL GENERATED` or `STORED GENERATED`. */
  readonly extra: string;
}

/**
 * Why the statement's `CHANGE COLUMN` of a generated column (`AS (expr)
 * VIRTUAL` or `STORED`, made without LoopBack: the connector cannot declare
 * one) must not run, whatever the data: the connector restates it as a
 * plain column. The server refuses that for a virtual column (error 1907,
 * after the statements before it were applied) and makes a stored one a
 * plain column, dropping its expression: its values stop following the
 * columns it was computed from, in silence.
 */
export async function changedGeneratedColumn(
  connector: JugglerConnector,
  table: TableRef,
  sql: string,
): Promise<string | undefined> {
  const changed = new Set(
    columnChanges(sql).flatMap(c =>
      c.kind === 'change-type' ? [c.column.toLowerCase()] : [],
    ),
  );
  if (changed.size === 0) return undefined;
  const rows = await queryConnector<GeneratedColumn>(
    connector,
    `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type,
            GENERATION_EXPRESSION AS expression, EXTRA AS extra
       FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
        AND EXTRA REGEXP '(VIRTUAL|STORED) GENERATED'`,
    [table.name],
  );
  const column = rows.find(c => changed.has(c.name.toLowerCase()));
  if (column === undefined) return undefined;
  const server = describeServer(await readServer(connector));
  const kind = /STORED/i.test(column.extra) ? 'STORED' : 'VIRTUAL';
  const definition = `${column.type} AS (${column.expression}) ${kind}`;
  const outcome =
    kind === 'VIRTUAL'
      ? `which ${server} refuses for a virtual column (error 1907)`
      : `which ${server} would make a plain column, dropping its expression: ` +
        'its values would stop following the columns they are computed from';
  return (
    `column "${column.name}" of ${describeTable(table)} is a generated ` +
    `column (${definition}), which the model cannot declare: the statement ` +
    `restates it as a plain column, ${outcome}. Declare the property as ` +
    `the column is (mysql.dataType and dataLength of ${column.type}, not ` +
    'required), or change the column in a migration script with runs = ' +
    `'before-schema' that keeps its expression (ALTER TABLE ` +
    `${quote(table.name)} MODIFY ${quote(column.name)} ` +
    `<new type> AS (${column.expression}) ${kind})`
  );
}
