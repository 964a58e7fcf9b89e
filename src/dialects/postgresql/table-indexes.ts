import {queryConnector, type JugglerConnector} from '../../juggler';
import {tableKey, type PlanCache} from '../dialect';

/**
 * The `PlanCache` key of every index of the plan's schemas, by table
 * (`Map<string, TableIndex[]>`, keyed by `tableKey()`), as a plan's
 * catalog snapshot holds them.
 */
export const TABLE_INDEXES_READ = 'postgresql:table-indexes';

/** An index of a table, as the plan's index checks compare it. */
export interface TableIndex {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly unique: boolean;
  readonly primary: boolean;
  /** Its access method (`btree`, `gin`, ...). */
  readonly method: string;
  /** Whether it has a predicate (`WHERE ...`). */
  readonly partial: boolean;
  /**
   * Its column names, in order (its keys, then its INCLUDE columns);
   * `null` for an expression.
   */
  readonly columns: readonly (string | null)[];
  /** `pg_index.indoption` of each key: bit 1 DESC, bit 2 NULLS FIRST. */
  readonly options: readonly number[];
  /** Whether it has INCLUDE columns. */
  readonly included: boolean;
}

/**
 * The key columns of each index, named from `pg_attribute` (a key that is
 * an expression has number 0, which no column has: `NULL`). SQL of the
 * `ix` (`pg_index`) row in scope.
 */
export const INDEX_COLUMNS = `ARRAY(SELECT a.attname::text
    FROM generate_subscripts(ix.indkey, 1) AS k
    LEFT JOIN pg_catalog.pg_attribute a
      ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k]
   ORDER BY k)`;

/** `TableIndex.options` and `.included`, SQL of the `ix` row in scope. */
export const INDEX_OPTIONS = 'ix.indoption::int2[]';
export const INDEX_INCLUDES = 'ix.indnatts <> ix.indnkeyatts';

/**
 * The indexes of a table: from the plan's catalog snapshot when `cache`
 * holds it (it covers the schemas of the plan's tables), else read.
 */
export async function pgTableIndexes(
  connector: JugglerConnector,
  schema: string,
  table: string,
  cache?: PlanCache,
): Promise<TableIndex[]> {
  const read = cache?.get(TABLE_INDEXES_READ);
  if (read) {
    const byTable = (await read) as Map<string, TableIndex[]>;
    return byTable.get(tableKey({schema, name: table})) ?? [];
  }
  return queryConnector<TableIndex>(
    connector,
    `SELECT n.nspname AS "schema", t.relname AS "table", i.relname AS "name",
            ix.indisunique AS "unique", ix.indisprimary AS "primary",
            am.amname AS "method", ix.indpred IS NOT NULL AS "partial",
            ${INDEX_COLUMNS} AS "columns",
            ${INDEX_OPTIONS} AS "options", ${INDEX_INCLUDES} AS "included"
       FROM pg_catalog.pg_index ix
       JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
       JOIN pg_catalog.pg_am am ON am.oid = i.relam
       JOIN pg_catalog.pg_class t ON t.oid = ix.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND t.relname = $2`,
    [schema, table],
  );
}
