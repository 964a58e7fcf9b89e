import type {JugglerConnector} from '../../juggler';
import type {PoolState} from '../dialect';

/** mysql2's pool: it keeps its counters in undocumented fields (as `mysql`'s pool does). */
interface MysqlPoolGauges {
  readonly config: {readonly connectionLimit: number};
  readonly _allConnections?: {readonly length: number};
  readonly _freeConnections?: {readonly length: number};
}

/** The mysql2 pool's size and whether every connection is in use. */
export function mysqlPoolState(
  connector: JugglerConnector,
): PoolState | undefined {
  const client = (connector as {client?: MysqlPoolGauges | null}).client;
  if (!client?._allConnections || !client._freeConnections) return undefined;
  const max = client.config.connectionLimit;
  return {
    max,
    setting: 'connectionLimit',
    full:
      client._freeConnections.length === 0 &&
      max > 0 &&
      client._allConnections.length >= max,
  };
}
