import type {Transaction} from '@loopback/repository';
import type {JugglerConnector} from '../juggler';

/**
 * The connector with its `execute()` bound to `transaction`: the reads made
 * through it see what the transaction did so far, take no second connection
 * from the pool (a pool of one would wait for ever) and never wait for a lock
 * the transaction holds. A dialect whose checks also take clients of the
 * driver's pool themselves adds to it (see `Dialect.readingIn`).
 */
export function executingIn(
  connector: JugglerConnector,
  transaction: Transaction,
): JugglerConnector {
  // SqlConnector.execute(sql, params, options, callback).
  const execute = connector.execute as
    ((...args: unknown[]) => void) | undefined;
  if (!execute) return connector;
  return Object.assign(Object.create(connector) as JugglerConnector, {
    execute(sql: string, params: unknown[], callback: unknown) {
      execute.call(connector, sql, params, {transaction}, callback);
    },
  });
}
