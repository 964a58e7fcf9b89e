import {connectionHint} from '../connection-hint';
import {errorMessage} from '../database-error';
import {MigrationLedgerError} from '../errors';
import {ensureConnected, type JugglerDataSource} from '../juggler';

/**
 * Connect a datasource whose migration script ledger is to be read.
 *
 * @throws MigrationLedgerError naming the datasource, the database's
 * message and how to fix a connection that cannot be made
 */
export async function connectForLedger(target: {
  readonly name: string;
  readonly connectorName: string;
  readonly dataSource: JugglerDataSource;
}): Promise<void> {
  try {
    await ensureConnected(target.dataSource);
  } catch (err) {
    throw new MigrationLedgerError(
      `Could not connect to datasource "${target.name}" (${target.connectorName}) ` +
        `to read its migration script ledger: ${errorMessage(err)}${connectionHint(err)}`,
      target.name,
      err,
    );
  }
}
