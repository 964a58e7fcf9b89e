import type {TestDatabase} from '../../test/support/databases';
import {tableNames} from './models';

/** What version 2 adds to `Order`, by name. */
const EXPECTED = [
  'index order_amount_idx',
  'index order_code_key',
  'foreign key fk_order_customer',
  'column priority',
];

/**
 * What of version 2's changes is missing from `Order` after a migration:
 * an empty list when all of them are there. On PostgreSQL an index counts
 * only when valid, a foreign key only when validated (an interrupted
 * online form leaves them otherwise).
 */
export async function missingChanges(db: TestDatabase): Promise<string[]> {
  const {order} = tableNames(db.kind);
  const rows =
    db.kind === 'postgresql'
      ? await db.query<{item: string}>(
          `SELECT 'index ' || c.relname AS item
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = format('%I', $1::text)::regclass AND i.indisvalid
           UNION ALL
           SELECT 'foreign key ' || conname FROM pg_constraint
            WHERE contype = 'f' AND convalidated
              AND conrelid = format('%I', $1::text)::regclass
           UNION ALL
           SELECT 'column ' || column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1
              AND is_nullable = 'NO'`,
          [order],
        )
      : await db.query<{item: string}>(
          `SELECT CONCAT('index ', index_name) AS item FROM information_schema.statistics
            WHERE table_schema = DATABASE() AND table_name = ?
           UNION ALL
           SELECT CONCAT('foreign key ', constraint_name) FROM information_schema.table_constraints
            WHERE table_schema = DATABASE() AND table_name = ?
              AND constraint_type = 'FOREIGN KEY'
           UNION ALL
           SELECT CONCAT('column ', column_name) FROM information_schema.columns
            WHERE table_schema = DATABASE() AND table_name = ? AND is_nullable = 'NO'`,
          [order, order, order],
        );
  const present = new Set(rows.map(r => r.item));
  return EXPECTED.filter(item => !present.has(item));
}
