import type {JugglerConnector} from '../../juggler';
import {
  droppedIndex,
  StatementClauses,
  unquote,
} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {changedColumns} from './changed-columns';
import {tableIndexColumns} from './key-indexes';

/** A `SERIAL` definition, as the connector writes it: `SERIAL NOT NULL`. */
const SERIAL = /^\s*SERIAL(?:\s+NOT\s+NULL)?\s*$/i;

/**
 * Leave alone a `SERIAL` column of a property that is not the id
 * (`mysql: {dataType: 'serial'}`), which the connector made again on every
 * run: `SERIAL` is `BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE`, stored
 * as `bigint(20) unsigned` with a unique index of its own, so the
 * connector restated the column (`CHANGE COLUMN s s SERIAL NOT NULL`, which
 * the conversion probe could not even parse) and dropped the index it
 * implies, which no model declares. The restatement of a column already
 * so, and the drop of a unique index of that column alone, go.
 */
export async function withSettledSerials(
  connector: JugglerConnector,
  statements: readonly string[],
  cache: PlanCache,
): Promise<string[]> {
  const clauses = new StatementClauses(statements);
  const serials = new Map<string, Set<string>>();
  for await (const {clause, match, table, current} of changedColumns(
    connector,
    clauses,
    cache,
  )) {
    if (!SERIAL.test(match[3]) || unquote(match[2]) !== current?.name) {
      continue;
    }
    const settled =
      /^bigint(?:\(\d+\))? unsigned$/i.test(current.type) &&
      current.nullable === 'NO' &&
      /\bauto_increment\b/i.test(current.extra ?? '');
    if (!settled) continue;
    clauses.remove(clause);
    serials.set(table, (serials.get(table) ?? new Set()).add(current.name));
  }
  if (serials.size === 0) return [...statements];
  for (const clause of clauses.remaining()) {
    const index = droppedIndex(clause.text);
    const columns = clause.table && serials.get(unquote(clause.table));
    if (index === undefined || !columns) continue;
    const indexed = (
      await tableIndexColumns(connector, unquote(clause.table!), cache)
    ).get(index);
    if (indexed?.length === 1 && columns.has(indexed[0])) {
      clauses.remove(clause);
    }
  }
  return clauses.statements();
}
