import type {JugglerConnector} from '../../juggler';
import type {PoolState} from '../dialect';

/** A connection of the pool: `authorized` once its handshake is done. */
interface PooledConnection {
  readonly authorized?: boolean;
}

/** The queues of mysql2's pool (arrays in `mysql`, ring queues in mysql2). */
interface ConnectionQueue {
  readonly length: number;
  peekAt?(index: number): PooledConnection | undefined;
}

/** mysql2's pool: it keeps its counters in undocumented fields (as `mysql`'s pool does). */
interface MysqlPoolGauges {
  readonly config: {readonly connectionLimit: number};
  readonly _allConnections?: ConnectionQueue;
  readonly _freeConnections?: {readonly length: number};
}

/** Whether a connection of the queue is still connecting. */
function anyConnecting(queue: ConnectionQueue): boolean {
  for (let i = 0; i < queue.length; i++) {
    const connection = queue.peekAt
      ? queue.peekAt(i)
      : (queue as unknown as readonly PooledConnection[])[i];
    if (connection?.authorized === false) return true;
  }
  return false;
}

/** The mysql2 pool's size, whether every connection is in use, and whether one is connecting. */
export function mysqlPoolState(
  connector: JugglerConnector,
): PoolState | undefined {
  const client = (connector as {client?: MysqlPoolGauges | null}).client;
  if (!client?._allConnections || !client._freeConnections) return undefined;
  const max = client.config.connectionLimit;
  const all = client._allConnections;
  return {
    max,
    setting: 'connectionLimit',
    full: client._freeConnections.length === 0 && max > 0 && all.length >= max,
    connecting: anyConnecting(all),
  };
}
