import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {once} from 'node:events';
import {dialectFor} from '../../src/dialects';
import {openMysqlLockSession} from '../../src/dialects/mysql/lock';
import {MigrationLockLostError} from '../../src/errors';
import type {JugglerConnector} from '../../src/juggler';
import {applyStatements} from '../../src/runner/apply';
import {heldLock} from '../../src/runner/held-lock';
import {lockGuard} from '../../src/runner/lock-guard';
import {lockRetry} from '../../src/runner/lock-retry';
import type {LockSession} from '../../src/runner/lock-session';
import type {PlannedStatement} from '../../src/types';
import {tables} from '../support/catalog';
import {createTestDatabase, type TestDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

function planned(...sql: string[]): PlannedStatement[] {
  return sql.map(s => ({sql: s, destructive: false}));
}

/**
 * MySQL commits each DDL statement: the lock is asked for beside each one.
 * Its session gives the lock up here without ending (as behind a proxy that
 * swapped the server session), so only the database can tell.
 */
describe('a MySQL lock lost while a statement runs', () => {
  let db: TestDatabase | undefined;
  let ds: juggler.DataSource;
  let session: LockSession;
  before(async function () {
    db = await createTestDatabase('mysql');
    if (!db) return this.skip();
    ds = new juggler.DataSource({name: 'db', ...db.dataSourceConfig});
    if (!ds.connected) await once(ds, 'connected');
  });
  after(async () => {
    if (!db) return;
    await ds.disconnect();
    await db.drop();
  });
  beforeEach(async () => {
    await db!.query('DROP TABLE IF EXISTS t1, t2, t3');
    session = await openMysqlLockSession(ds.connector as JugglerConnector);
    expect(await session.tryLock()).to.be.true();
  });
  afterEach(() => session.close());

  function apply(statements: PlannedStatement[]): Promise<Error> {
    const dialect = dialectFor('mysql')!;
    const connector = ds.connector as JugglerConnector;
    const guard = lockGuard(heldLock(session, undefined), 'db', {
      operation: 'autoupdate',
      dryRun: false,
      dataSources: [],
      scripts: [],
      warnings: [],
    });
    return rejection(
      applyStatements(
        dialect,
        connector,
        statements,
        {dataSource: 'db', timeoutMs: 5_000},
        guard,
        lockRetry(dialect.lockWait, connector, 500, 5_000),
      ),
    );
  }

  it('stops after the statement that ran while the loss was found, saying it was applied', async () => {
    const releasing = new Promise<boolean>(resolve =>
      setTimeout(() => resolve(session.unlock()), 300),
    );
    const error = await apply(
      planned(
        'DO SLEEP(0.6)',
        'CREATE TABLE t2 (x INT)',
        'CREATE TABLE t3 (x INT)',
      ),
    );
    expect(await releasing).to.be.true();
    expect(error).to.be.instanceOf(MigrationLockLostError);
    const message = error.message;
    expect(message).to.match(
      /found it while applying the statement: CREATE TABLE t2 \(x INT\), asked at the same time/,
    );
    expect(message).to.match(
      /That statement and the 1 before it were applied and stay applied/,
    );
    expect(await tables(db!)).to.eql(['t2']);
  });

  it('finds a loss from before the first statement beside it: that one is applied, no other', async () => {
    expect(await session.unlock()).to.be.true();
    const error = await apply(
      planned('CREATE TABLE t1 (x INT)', 'CREATE TABLE t3 (x INT)'),
    );
    expect(error).to.be.instanceOf(MigrationLockLostError);
    expect(error.message).to.match(
      /That statement and the 0 before it were applied/,
    );
    expect(await tables(db!)).to.eql(['t1']);
  });
});
