import type {TableRef} from '../dialects/dialect';

/**
 * A change the data check let through because it loses nothing now: a
 * dropped column holding no values, a type change every stored value
 * survives. The run guards it, so that no value written by the app after the
 * check is lost when the change is made.
 */
export interface GuardTarget {
  readonly dataSource: string;
  readonly model: string;
  readonly table: TableRef;
  /** The table's escaped, qualified name. */
  readonly qualifiedTable: string;
  /** The column, unescaped. */
  readonly column: string;
  readonly escapedColumn: string;
  readonly kind: 'drop-column' | 'change-type';
  /** The position in the plan of the statement that makes the change. */
  readonly statement: number;
  readonly sql: string;
  /** A per-row SQL condition (names escaped), true when the row's value is kept. */
  readonly keeps: string;
}
