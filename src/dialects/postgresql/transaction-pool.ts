import type {Transaction} from '@loopback/repository';
import type {JugglerConnector} from '../../juggler';
import {executingIn} from '../transaction-reads';
import type {PgResult} from './client';

/** A `pg` client as a connector's transaction holds it. */
interface TransactionClient {
  query(sql: string, params?: unknown[]): Promise<PgResult>;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeListener(event: 'error', listener: (err: Error) => void): unknown;
}

const SAVEPOINT = 'lsm_transaction_read';

/**
 * A stand-in for the connector's `pg` pool that hands out the connection of
 * an open transaction, for checks that take a client of their own (the
 * conversion check of a type change): they read what the transaction did,
 * and never wait for a lock it holds, nor for a second connection of a pool
 * of one. Each query runs under a savepoint, so that one the check expects
 * to fail (a cast the data refuses) does not abort the transaction; the
 * client is the transaction's, so releasing it leaves it checked out.
 */
export function transactionPool(connection: TransactionClient): {
  connect(): Promise<TransactionClient & {release(): void}>;
} {
  const query = async (sql: string, params?: unknown[]) => {
    await connection.query(`SAVEPOINT ${SAVEPOINT}`);
    try {
      const result = await connection.query(sql, params);
      await connection.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      return result;
    } catch (err) {
      await connection.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      await connection.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      throw err;
    }
  };
  return {
    connect: async () => ({
      query,
      on: (event, listener) => connection.on(event, listener),
      removeListener: (event, listener) =>
        connection.removeListener(event, listener),
      release: () => undefined,
    }),
  };
}

/**
 * `Dialect.readingIn` of PostgreSQL: the connector's `execute()` bound to
 * the transaction, and its `pg` pool replaced by {@link transactionPool}
 * for the checks that take a client of their own.
 */
export function pgReadingIn(
  connector: JugglerConnector,
  transaction: Transaction,
): JugglerConnector {
  const reading = executingIn(connector, transaction);
  const {connection} = transaction as {connection?: unknown};
  if (!('pg' in connector) || !isTransactionClient(connection)) return reading;
  return Object.assign(reading, {pg: transactionPool(connection)});
}

/** Whether a transaction's connection is a `pg` client. */
function isTransactionClient(
  connection: unknown,
): connection is TransactionClient {
  const client = connection as Partial<TransactionClient> | null | undefined;
  return (
    typeof client?.query === 'function' &&
    typeof client.on === 'function' &&
    typeof client.removeListener === 'function'
  );
}
