import {queryConnector, type JugglerConnector} from '../../juggler';
import {foreignKeyPairs} from '../../planner/foreign-key-pairs';
import {
  droppedIndex,
  StatementClauses,
  unquote,
} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {groupRows} from '../../planner/snapshot';
import {quote} from './quote';
import {INDEX_COLUMNS_READ, indexKey, type IndexColumn} from './plan-reads';

/**
 * MySQL names the index it makes for a foreign key after the key, and keeps
 * it when the key is dropped. A key dropped and added again under the same
 * name on other columns then fails with "Duplicate key name": drop that
 * index between the two (the new key makes its own). A key added again on
 * the columns that index leads with (its rules or its referenced table
 * changed) takes the index as it is, as with stock: dropping it would only
 * leave the column unindexed until the key builds it again.
 */
export async function freeForeignKeyIndexNames(
  connector: JugglerConnector,
  statements: readonly string[],
  cache: PlanCache,
): Promise<string[]> {
  const clauses = new StatementClauses(statements);
  const added: string[] = [];
  for (const pair of foreignKeyPairs(clauses, name => name)) {
    const table = unquote(pair.table);
    const name = pair.stated.name;
    const dropsIndex = clauses
      .remaining()
      .some(c => c.table === pair.table && droppedIndex(c.text) === name);
    const columns = await indexColumns(connector, table, name, cache);
    // A column drop takes a one-column index with it.
    const dropped = columns.filter(column =>
      clauses
        .remaining()
        .some(
          c =>
            c.table === pair.table &&
            /^DROP\s+COLUMN\s/i.test(c.text) &&
            unquote(c.text.replace(/^DROP\s+COLUMN\s+/i, '')) === column,
        ),
    );
    if (dropsIndex || columns.length === 0 || dropped.length === columns.length)
      continue;
    if (dropped.length === 0 && leads(columns, pair.stated.columns)) continue;
    added.push(`ALTER TABLE ${pair.table} DROP INDEX ${quote(name)}`);
  }
  return [...statements, ...added];
}

/** Whether an index on `columns` begins with `keyColumns`, in order (MySQL column names ignore case). */
function leads(
  columns: readonly string[],
  keyColumns: readonly string[],
): boolean {
  return keyColumns.every(
    (column, i) => columns[i]?.toLowerCase() === column.toLowerCase(),
  );
}

/** The columns of an index of a table; none when there is no such index. */
export async function indexColumns(
  connector: JugglerConnector,
  table: string,
  index: string,
  cache: PlanCache,
): Promise<string[]> {
  return (await indexRows(connector, table, index, cache)).map(r => r.column);
}

/** Which keys of an index are descending, in order; none when there is no such index. */
export async function indexDirections(
  connector: JugglerConnector,
  table: string,
  index: string,
  cache: PlanCache,
): Promise<boolean[]> {
  return (await indexRows(connector, table, index, cache)).map(
    r => r.descending,
  );
}

/** The prefix length of each key of an index, in order (null: the whole column). */
export async function indexPrefixes(
  connector: JugglerConnector,
  table: string,
  index: string,
  cache: PlanCache,
): Promise<(number | null)[]> {
  return (await indexRows(connector, table, index, cache)).map(r => r.prefix);
}

/** Whether an index of a table is UNIQUE; false when there is no such index. */
export async function indexIsUnique(
  connector: JugglerConnector,
  table: string,
  index: string,
  cache: PlanCache,
): Promise<boolean> {
  const [first] = await indexRows(connector, table, index, cache);
  return first?.unique ?? false;
}

/** The rows of an index, read for every index of the database at once. */
async function indexRows(
  connector: JugglerConnector,
  table: string,
  index: string,
  cache: PlanCache,
): Promise<IndexColumn[]> {
  return (
    (await allIndexRows(connector, cache)).get(indexKey(table, index)) ?? []
  );
}

/** The indexes of a table, each with its columns in order. */
export async function tableIndexColumns(
  connector: JugglerConnector,
  table: string,
  cache: PlanCache,
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (const rows of (await allIndexRows(connector, cache)).values()) {
    const [first] = rows;
    if (first?.table !== table) continue;
    result.set(
      first.index,
      rows.map(r => r.column),
    );
  }
  return result;
}

/** Every index of the database, by `indexKey()`, read once per plan. */
async function allIndexRows(
  connector: JugglerConnector,
  cache: PlanCache,
): Promise<Map<string, IndexColumn[]>> {
  if (!cache.has(INDEX_COLUMNS_READ)) {
    cache.set(
      INDEX_COLUMNS_READ,
      queryConnector<
        Omit<IndexColumn, 'unique' | 'descending' | 'prefix'> & {
          unique: number | string;
          descending: number | string;
          prefix: number | string | null;
        }
      >(
        connector,
        `SELECT TABLE_NAME AS \`table\`, INDEX_NAME AS \`index\`, COLUMN_NAME AS \`column\`,
                NON_UNIQUE = 0 AS \`unique\`, COLLATION <=> 'D' AS descending,
                SUB_PART AS prefix
           FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
          ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
      ).then(rows =>
        groupRows(
          rows.map(r => ({
            ...r,
            unique: Number(r.unique) === 1,
            descending: Number(r.descending) === 1,
            prefix: r.prefix === null ? null : Number(r.prefix),
          })),
          r => indexKey(r.table, r.index),
        ),
      ),
    );
  }
  return (await cache.get(INDEX_COLUMNS_READ)) as Map<string, IndexColumn[]>;
}
