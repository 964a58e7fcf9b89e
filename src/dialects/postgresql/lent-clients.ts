import {debugLogger} from '../../debug';
import type {JugglerConnector} from '../../juggler';
import {
  hearLentConnections,
  type ErrorEmitter,
  type LendingPool,
} from '../connection-watch';

const debug = debugLogger('pool');

/**
 * Hear the clients the connector's `pg` pool lends out until the returned
 * function is called (see `hearLentConnections`): pg's pool stops listening
 * to a client while it is checked out, and a client whose connection breaks
 * under a query (`Connection terminated unexpectedly`) emits `'error'`.
 * pg-pool's `acquire` event has the client, `release` the error and then
 * the client.
 *
 * Hear the pool's own `'error'` too: pg's pool reports there the end of a
 * client idle in it (the server ended its session: an administrator's
 * `pg_terminate_backend()`, an idle timeout, a restart), after dropping
 * that client. The connector listens only with its `onError` setting, so
 * unheard, Node would end the migrating process in the middle of its
 * changes; the run never uses a dropped client, and a later query gets a
 * new one. When the run ends, the pool is left as stock leaves it.
 */
export function hearLentPgClients(connector: JugglerConnector): () => void {
  const pool = (connector as {pg?: (LendingPool & ErrorEmitter) | null}).pg;
  if (!pool) return () => undefined;
  const stopHearingLent = hearLentConnections(pool, {
    acquire: ([client]) => client as ErrorEmitter,
    release: ([, client]) => client as ErrorEmitter,
  });
  const idleClientEnded = (err: Error): void =>
    debug('a pooled connection idle during the run ended: %s', err);
  pool.on('error', idleClientEnded);
  return () => {
    stopHearingLent();
    pool.removeListener('error', idleClientEnded);
  };
}
