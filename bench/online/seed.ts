import type {TestDatabase} from '../../test/support/databases';
import {tableNames} from './models';

/** How many customers the orders are spread over. */
export const CUSTOMERS = 1000;

/**
 * Fill the (empty, version 1) tables in a few statements on the server:
 * {@link CUSTOMERS} customers and `rows` orders with ids 1..rows, codes
 * `C<id>` (unique, so that the unique index of version 2 can be built) and
 * customers that exist (so that the foreign key validates); then refresh
 * the statistics (PostgreSQL: `VACUUM (ANALYZE)`, a settled table as in
 * production; MariaDB: `ANALYZE TABLE`).
 */
export async function loadTables(
  db: TestDatabase,
  rows: number,
): Promise<void> {
  const {customer, order} = tableNames(db.kind);
  if (db.kind === 'postgresql') {
    await db.query(
      `INSERT INTO "${customer}" (id, name)
         SELECT g, 'customer ' || g FROM generate_series(1, ${CUSTOMERS}) g`,
    );
    await db.query(
      `INSERT INTO "${order}" (id, customerid, amount, code)
         SELECT g, 1 + g % ${CUSTOMERS}, g % 997, 'C' || g
           FROM generate_series(1, ${rows}) g`,
    );
    for (const [table, last] of [
      [customer, CUSTOMERS],
      [order, rows],
    ] as const) {
      await db.query(
        `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), ${last})`,
      );
      await db.query(`VACUUM (ANALYZE) "${table}"`);
    }
    return;
  }
  await db.query(
    `INSERT INTO \`${customer}\` (id, name)
       SELECT seq, CONCAT('customer ', seq) FROM seq_1_to_${CUSTOMERS}`,
  );
  await db.query(
    `INSERT INTO \`${order}\` (id, customerId, amount, code)
       SELECT seq, 1 + seq % ${CUSTOMERS}, seq % 997, CONCAT('C', seq)
         FROM seq_1_to_${rows}`,
  );
  await db.query(`ANALYZE TABLE \`${customer}\`, \`${order}\``);
}
