import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {once} from 'node:events';
import {dialectFor} from '../../src/dialects';
import type {JugglerConnector} from '../../src/juggler';
import {applyStatements} from '../../src/runner/apply';
import {ApplyError} from '../../src/runner/apply-error';
import {lockRetry} from '../../src/runner/lock-retry';
import {lockGuard} from '../../src/runner/lock-guard';
import type {PlannedStatement} from '../../src/types';
import {tables} from '../support/catalog';
import {createTestDatabase, type TestDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

const NO_LOCK = lockGuard(undefined, 'db', {
  operation: 'autoupdate',
  dryRun: false,
  dataSources: [],
  scripts: [],
  warnings: [],
});

function planned(...sql: string[]): PlannedStatement[] {
  return sql.map(s => ({sql: s, destructive: false}));
}

describe('applying a PostgreSQL plan that fails', () => {
  let db: TestDatabase;
  let ds: juggler.DataSource;
  before(async () => {
    db = (await createTestDatabase('postgresql'))!;
    ds = new juggler.DataSource({name: 'db', ...db.dataSourceConfig});
    if (!ds.connected) await once(ds, 'connected');
  });
  after(async () => {
    await ds.disconnect();
    await db.drop();
  });
  beforeEach(async () => {
    await db.query('DROP TABLE IF EXISTS first_table, second_table');
    await db.query('DROP SEQUENCE IF EXISTS calls');
    await db.query('CREATE SEQUENCE calls');
  });

  function apply(statements: PlannedStatement[]): Promise<Error> {
    return rejection(
      applyStatements(
        dialectFor('postgresql')!,
        ds.connector as JugglerConnector,
        statements,
        {dataSource: 'db', timeoutMs: 5_000},
        NO_LOCK,
        lockRetry(
          dialectFor('postgresql')!.lockWait,
          ds.connector as JugglerConnector,
          500,
          5_000,
        ),
      ),
    );
  }

  it('names the failing statement with the original error, and changes nothing', async () => {
    const error = await apply(
      planned(
        'CREATE TABLE first_table (x int)',
        'CREATE TABLE first_table (y int)',
      ),
    );
    expect(error).to.be.instanceOf(ApplyError);
    const failed = error as ApplyError;
    expect(failed.index).to.equal(1);
    expect(failed.rolledBack).to.be.true();
    expect((failed.cause as {code: string}).code).to.equal('42P07');
    expect(await tables(db)).not.to.containEql('first_table');
  });

  it('never applies it for real a second time: a replay that passes names no statement', async () => {
    // Fails the first time it runs, passes after (a sequence is not transactional).
    const flaky = "SELECT 1 / (nextval('calls') - 1)";
    const error = await apply(
      planned(
        'CREATE TABLE first_table (x int)',
        flaky,
        'CREATE TABLE second_table (x int)',
      ),
    );
    expect(error).to.be.instanceOf(ApplyError);
    const failed = error as ApplyError;
    expect(failed.index).to.be.undefined();
    expect((failed.cause as Error).message).to.equal('division by zero');
    expect(failed.rolledBack).to.be.true();
    // The replay ran (the sequence moved on) and was rolled back.
    const [{calls}] = await db.query<{calls: string}>(
      'SELECT last_value AS calls FROM calls',
    );
    expect(Number(calls)).to.equal(2);
    const found = await tables(db);
    expect(found).not.to.containEql('first_table');
    expect(found).not.to.containEql('second_table');
  });
});
