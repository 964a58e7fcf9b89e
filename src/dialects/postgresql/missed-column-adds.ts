import type {JugglerConnector} from '../../juggler';
import {
  IDENTIFIER,
  identifierParts,
  unquote,
  type StatementClauses,
} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {pgColumnTypes} from './catalog';
import {foldPg} from './fold';

const DROP_COLUMN = new RegExp(`^DROP\\s+COLUMN\\s+(${IDENTIFIER})\\s*$`, 'i');

/**
 * Add the column of a property that the connector took for one the table
 * has: it looks a column up by passing its name where it takes a property
 * name, which it folds to lower case, so a `columnName` that differs from a
 * column of the table only in letter case (`ShipWeight` where the table has
 * `shipweight`) is "found", and no `ADD COLUMN` is planned, while the drop
 * of that other column (no property maps it) goes ahead: the run dropped a
 * column and added none, and the next run added it. The `ADD COLUMN` goes in
 * the drop's `ALTER TABLE`, before the drop: the plan then shows a drop and
 * an add of the same model, which the data-loss guard names as a possible
 * rename. The table's columns come from the plan's catalog snapshot when
 * `cache` holds it.
 */
export async function addMissedColumns(
  connector: JugglerConnector,
  model: string,
  clauses: StatementClauses,
  cache?: PlanCache,
): Promise<void> {
  const drops = clauses.remaining().flatMap(clause => {
    const match = DROP_COLUMN.exec(clause.text.trim());
    return match && clause.table
      ? [{clause, column: unquote(match[1], foldPg)}]
      : [];
  });
  if (drops.length === 0) return;
  const properties = Object.keys(connector._models?.[model]?.properties ?? {});
  for (const {clause, column: dropped} of drops) {
    const parts = identifierParts(clause.table!, foldPg);
    const table = parts[parts.length - 1];
    const schema = parts.length > 1 ? parts[0] : 'public';
    const missed = properties.filter(property => {
      const column = connector.column?.(model, property);
      return (
        column !== undefined &&
        column !== dropped &&
        column.toLowerCase() === dropped.toLowerCase()
      );
    });
    const adds: string[] = [];
    for (const property of missed) {
      const column = connector.column!(model, property);
      const found = await pgColumnTypes(connector, [schema], [column], cache);
      if (found.some(c => c.table === table)) continue;
      const definition = connector.addPropertyToActual?.(model, property);
      if (definition === undefined) continue;
      adds.push(
        `ADD COLUMN ${definition}${connector.columnDbDefault?.(model, property) ?? ''}`,
      );
    }
    if (adds.length > 0)
      clauses.restate(clause, [...adds, clause.text].join(', '));
  }
}
