/**
 * The bulk catalog reads a MySQL plan shares between its models (see
 * `PlanCache`): their keys, their shapes, and how a catalog snapshot that
 * already holds their rows answers them without a query of their own.
 */
import {groupRows} from '../../planner/snapshot';

type Row = Record<string, unknown>;

/** `Map<table, CatalogColumn[]>`, in column order. */
export const COLUMNS_READ = 'mysql:columns';
/** `Map<JSON.stringify([table, index]), IndexColumn[]>`, in column order. */
export const INDEX_COLUMNS_READ = 'mysql:index-columns';
/** `CatalogForeignKeyColumn[]` of every table, by table, key and position. */
export const FOREIGN_KEYS_READ = 'mysql:foreign-keys';

/** A column as `information_schema.COLUMNS` describes it. */
export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
  readonly nullable: string;
  readonly default: string | null;
  readonly charset: string | null;
  readonly collation: string | null;
  readonly extra: string | null;
  /** `''` for none. */
  readonly comment: string;
}

/** One column of an index. */
export interface IndexColumn {
  readonly table: string;
  readonly index: string;
  readonly column: string;
  /** Whether the index is UNIQUE (the primary key too). */
  readonly unique: boolean;
  /** Whether the column is sorted descending (STATISTICS.COLLATION `D`). */
  readonly descending: boolean;
  /** The length of the column's prefix the key holds (`SUB_PART`); null for all of it. */
  readonly prefix: number | null;
}

/** One column of a foreign key, as the catalog describes it. */
export interface CatalogForeignKeyColumn {
  readonly table: string;
  readonly name: string;
  readonly column: string;
  readonly targetTable: string;
  readonly targetColumn: string;
  readonly onDelete: string;
  readonly onUpdate: string;
}

/** The key of an index in the {@link INDEX_COLUMNS_READ} map. */
export function indexKey(table: string, index: string): string {
  return JSON.stringify([table, index]);
}

/**
 * The plan's reads answered from a snapshot's rows: `fields` of
 * information_schema.COLUMNS (`__table`, `Field`, `Type`, `Null`, raw
 * `Default`, `Extra`, `__charset`, `__collation`, `__comment`), `indexes` as
 * `SHOW INDEXES` rows, `rules` as `readForeignKeyCatalog` gives them.
 */
export function snapshotPlanReads(
  fields: readonly Row[],
  indexes: readonly Row[],
  rules: readonly Row[],
): Map<string, Promise<unknown>> {
  const columns = groupRows(
    fields.map((r): CatalogColumn & {table: string} => ({
      table: r.__table as string,
      name: r.Field as string,
      type: r.Type as string,
      nullable: r.Null as string,
      default: r.Default as string | null,
      charset: r.__charset as string | null,
      collation: r.__collation as string | null,
      extra: r.Extra as string | null,
      comment: r.__comment as string,
    })),
    c => c.table,
  );
  const indexColumns = groupRows(
    indexes.map((r): IndexColumn => ({
      table: r.Table as string,
      index: r.Key_name as string,
      column: r.Column_name as string,
      unique: Number(r.Non_unique) === 0,
      descending: r.Collation === 'D',
      prefix: r.Sub_part === null ? null : Number(r.Sub_part),
    })),
    c => indexKey(c.table, c.index),
  );
  const foreignKeys = rules.map((r): CatalogForeignKeyColumn => ({
    table: r.tableName as string,
    name: r.name as string,
    column: r.column as string,
    targetTable: r.target as string,
    targetColumn: r.targetColumn as string,
    onDelete: r.onDelete as string,
    onUpdate: r.onUpdate as string,
  }));
  return new Map<string, Promise<unknown>>([
    [COLUMNS_READ, Promise.resolve(columns)],
    [INDEX_COLUMNS_READ, Promise.resolve(indexColumns)],
    [FOREIGN_KEYS_READ, Promise.resolve(foreignKeys)],
  ]);
}
