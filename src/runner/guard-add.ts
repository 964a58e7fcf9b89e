import type {Dialect} from '../dialects/contract';
import type {JugglerConnector} from '../juggler';
import type {ResolvedMigrationOptions} from '../options';
import {SchemaMigrationError} from '../errors';
import type {Guard} from './guard-driver';
import {GuardError} from './guard-error';
import {lockRetry, withLockRetry} from './lock-retry';
import {checkOutWithin, poolWait} from './pool-wait';
import {runTransaction, withSessionLockLimit} from './session-statements';

/**
 * Add guards on one session, each statement waiting at most
 * `statementLockTimeoutMs` for its table's lock and retried after a
 * back-off within `lockTimeoutMs`, as the plan's own statements are (see
 * `withLockRetry`): adding a guard takes a lock that conflicts with the
 * app's (PostgreSQL ACCESS EXCLUSIVE for its constraint, MySQL a metadata
 * lock for its triggers), and every later query of the table would queue
 * behind one that waits. `adding` is called before each guard is added, so
 * that one left half-added is removed with the others. `leaves` says what
 * the run leaves changed when a table stays busy (see `unchangedAtFailure`:
 * `before-schema` scripts ran before the guards).
 *
 * @throws MigrationTableBusyError when the app holds a table for too long
 */
export async function addGuards(
  dialect: Dialect,
  connector: JugglerConnector,
  dataSource: string,
  guards: readonly Guard[],
  options: Pick<
    ResolvedMigrationOptions,
    'statementLockTimeoutMs' | 'lockTimeoutMs'
  >,
  adding: (guard: Guard) => void,
  leaves: string,
): Promise<void> {
  if (guards.length === 0) return;
  const {lockWait, transactionalDdl} = dialect;
  const ms = options.statementLockTimeoutMs;
  const wait = poolWait(dataSource, options.lockTimeoutMs);
  const retry = lockRetry(lockWait, connector, ms, wait.timeoutMs);
  const session = await checkOutWithin(
    connector,
    wait,
    'add the data-loss guards',
    () => dialect.openSession(connector),
    opened => opened.release(),
  );
  const addEach = async (send: (sql: string) => Promise<void>) => {
    for (const guard of guards) {
      adding(guard);
      const attempted = {tables: [guard.target.table], leaves};
      const statements = dialect.guards.addSql(guard);
      const refused = (sql: string) => (err: unknown) => {
        throw err instanceof SchemaMigrationError
          ? err
          : new GuardError('adding', guard.target.model, err, sql);
      };
      if (transactionalDdl) {
        await withLockRetry(retry, attempted, async () => {
          const failed = await runTransaction(session, [
            ...lockWait.limit(ms),
            ...statements,
          ]);
          if (failed) throw failed.err;
        }).catch(refused(statements.join('; ')));
      } else {
        for (const sql of statements) {
          await withLockRetry(retry, attempted, () => send(sql)).catch(
            refused(sql),
          );
        }
      }
    }
  };
  try {
    // PostgreSQL's limit is set in each transaction (SET LOCAL).
    await (transactionalDdl
      ? addEach(sql => session.query(sql))
      : withSessionLockLimit(session, lockWait, ms, connector, addEach));
  } finally {
    session.release();
  }
}
