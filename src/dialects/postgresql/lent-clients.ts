import type {JugglerConnector} from '../../juggler';
import {
  hearLentConnections,
  type ErrorEmitter,
  type LendingPool,
} from '../connection-watch';

/**
 * Hear the clients the connector's `pg` pool lends out until the returned
 * function is called (see `hearLentConnections`): pg's pool stops listening
 * to a client while it is checked out, and a client whose connection breaks
 * under a query (`Connection terminated unexpectedly`) emits `'error'`.
 * pg-pool's `acquire` event has the client, `release` the error and then
 * the client.
 */
export function hearLentPgClients(connector: JugglerConnector): () => void {
  const pool = (connector as {pg?: LendingPool | null}).pg;
  if (!pool) return () => undefined;
  return hearLentConnections(pool, {
    acquire: ([client]) => client as ErrorEmitter,
    release: ([, client]) => client as ErrorEmitter,
  });
}
