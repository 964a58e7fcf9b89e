import {droppedConstraint} from '../../planner/foreign-key-pairs';
import {
  droppedIndex,
  unquote,
  type StatementClauses,
} from '../../planner/statement-clauses';
import type {CatalogForeignKeyColumn} from './plan-reads';
import {quote} from './quote';

/** MySQL keeps unquoted names as they are. */
const asIs = (name: string) => name;

/** What the check reads of a table's catalog. */
export interface TableKeys {
  /** The foreign key columns of a table, one row per column. */
  keys(table: string): Promise<readonly CatalogForeignKeyColumn[]>;
  /** The columns of each index of a table, in order. */
  indexes(table: string): Promise<Map<string, string[]>>;
}

/**
 * The connector drops every index the model does not declare, also one a
 * foreign key that stays needs (InnoDB refuses: "needed in a foreign key
 * constraint"):
 *
 * - the key's own index (named after it) and, in a table made without
 *   LoopBack, the index MariaDB made for a key declared without one (named
 *   after its first column): the drop is taken out, the index stays with
 *   its key;
 * - an index the model declared and no longer does (`settings.indexes`
 *   over the key's columns, which served the key so that InnoDB made none
 *   of its own): the drop is kept, and the same `ALTER TABLE` adds the
 *   key's own index, named after the key, as a new database has it; taking
 *   the drop out would leave the index forever, reported up to date.
 */
export async function keepForeignKeyIndexes(
  clauses: StatementClauses,
  read: TableKeys,
): Promise<void> {
  const remaining = clauses.remaining();
  for (const clause of remaining) {
    const index = droppedIndex(clause.text);
    if (index === undefined || !clause.table) continue;
    const table = unquote(clause.table);
    const sameTable = remaining.filter(other => other.table === clause.table);
    const stays = (key: string) =>
      !sameTable.some(other => droppedConstraint(other.text, asIs) === key);
    const dropped = new Set(
      sameTable.flatMap(other => droppedIndex(other.text) ?? []),
    );
    const indexes = await read.indexes(table);
    const servedElsewhere = (columns: readonly string[]) =>
      [...indexes].some(
        ([other, otherColumns]) =>
          other !== index &&
          !dropped.has(other) &&
          leads(otherColumns, columns),
      );
    const needing = [...keyColumns(await read.keys(table))].filter(
      ([key, columns]) =>
        stays(key) &&
        (key === index ||
          (leads(indexes.get(index), columns) && !servedElsewhere(columns))),
    );
    if (needing.length === 0) continue;
    const ownIndex = needing.some(
      ([key, [first]]) =>
        key === index || sameNames([first], [index]) || indexes.has(key),
    );
    if (ownIndex) {
      clauses.remove(clause);
      continue;
    }
    const adds = needing.map(
      ([key, columns]) =>
        `ADD INDEX ${quote(key)} (${columns.map(quote).join(', ')})`,
    );
    clauses.restate(clause, [clause.text, ...adds].join(', '));
  }
}

/** Each foreign key's columns, in order. */
function keyColumns(
  rows: readonly CatalogForeignKeyColumn[],
): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const row of rows) {
    keys.set(row.name, [...(keys.get(row.name) ?? []), row.column]);
  }
  return keys;
}

/** Whether an index's columns start with `columns` (it serves a key on them). */
function leads(
  index: readonly string[] | undefined,
  columns: readonly string[],
): boolean {
  return (
    index !== undefined &&
    columns.length <= index.length &&
    columns.every((column, at) => sameNames([column], [index[at]]))
  );
}

/** MySQL column names, and here table names, ignore case. */
export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return (
    a.length === b.length &&
    a.every((name, i) => name.toLowerCase() === b[i].toLowerCase())
  );
}
