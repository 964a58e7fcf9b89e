import type {JugglerConnector} from '../../juggler';
import {columnChanges, createdColumns} from '../../planner/alter-clauses';
import type {PlanCache} from '../dialect';
import {withColumnClauses} from './column-alter';
import {generatedIdColumn} from './generated-ids';
import {indexColumns} from './key-indexes';
import {tableColumns} from './no-ops';
import {quote} from './quote';
import {integerSign} from './types';

/**
 * Add `AUTO_INCREMENT` to the model's generated integer id where its table
 * has the column without it (a table an older version of this package, or
 * the connector, made for an id declared `mysql: {dataType: 'int
 * unsigned'}`, `unsigned: true` or `dataPrecision: 10`; see
 * `autoIncrementedId`): the connector never compares it, so every
 * `create()` without an id was refused ("Field 'id' doesn't have a default
 * value") while the model was reported up to date. The column keeps its
 * type (`CHANGE COLUMN id id <its type> NOT NULL AUTO_INCREMENT`), joined
 * to the connector's `ALTER TABLE` of the table's columns if any. Only an
 * id that is the table's whole primary key, and that no statement of the
 * plan changes already.
 */
export async function withAutoIncrementOnId(
  connector: JugglerConnector,
  model: string,
  statements: readonly string[],
  cache: PlanCache,
): Promise<string[]> {
  const table = connector.table?.(model);
  const column = generatedIdColumn(connector, model);
  if (!table || !column) return [...statements];
  const found = (await tableColumns(connector, table, cache)).find(
    c => c.name === column,
  );
  if (
    !found ||
    /\bauto_increment\b/i.test(found.extra ?? '') ||
    integerSign(found.type) === undefined
  ) {
    return [...statements];
  }
  const key = await indexColumns(connector, table, 'PRIMARY', cache);
  if (key.length !== 1 || key[0] !== column) return [...statements];
  const named = column.toLowerCase();
  const touched = statements.some(
    s =>
      createdColumns(s).size > 0 ||
      columnChanges(s).some(c => c.column.toLowerCase() === named),
  );
  if (touched) return [...statements];
  const name = quote(column);
  const escaped = connector.tableEscaped?.(model) ?? quote(table);
  return withColumnClauses(statements, escaped, [
    `CHANGE COLUMN ${name} ${name} ${found.type.toUpperCase()} NOT NULL AUTO_INCREMENT`,
  ]);
}
