import {connectionHint} from '../connection-hint';
import {errorMessage} from '../database-error';
import {MigrationLedgerError} from '../errors';
import {dialectFor} from '../dialects';
import {ensureConnected, type JugglerDataSource} from '../juggler';
import {poolReadyWithin, poolWait} from '../runner/pool-wait';

/**
 * Connect a datasource whose migration script ledger is to be read, and
 * make sure its pool can give a connection: the MySQL connector says a
 * datasource is connected once its pool exists, even after that pool's
 * first connection was refused (an unknown database), so that the next
 * query, the lock's, would fail with the bare driver error. When the app
 * holds every connection of the pool, wait at most `lockTimeoutMs` (the
 * run's; its default without one) for one.
 *
 * @throws MigrationLedgerError naming the datasource, the database's
 * message and how to fix a connection that cannot be made
 */
export async function connectForLedger(
  target: {
    readonly name: string;
    readonly connectorName: string;
    readonly dataSource: JugglerDataSource;
  },
  lockTimeoutMs?: number,
): Promise<void> {
  try {
    await ensureConnected(target.dataSource);
    const {connector} = target.dataSource;
    const dialect = dialectFor(target.connectorName);
    if (connector && dialect) {
      await poolReadyWithin(
        dialect,
        connector,
        poolWait(target.name, lockTimeoutMs),
        'read its migration script ledger',
      );
    }
  } catch (err) {
    throw new MigrationLedgerError(
      `Could not connect to datasource "${target.name}" (${target.connectorName}) ` +
        `to read its migration script ledger: ${errorMessage(err)}${connectionHint(err)}`,
      target.name,
      err,
    );
  }
}
