import {expect} from '@loopback/testlab';
import {MigrationTableBusyError} from '../../../src/errors';
import type {JugglerConnector} from '../../../src/juggler';
import type {StatementLockWait} from '../../../src/dialects/lock-impact';
import {lockRetry, withLockRetry} from '../../../src/runner/lock-retry';
import {rejection} from '../../support/rejection';

const TIMEOUT = Object.assign(
  new Error('canceling statement due to lock timeout'),
  {code: '55P03'},
);
const wait: StatementLockWait = {
  limit: () => [],
  effectiveMs: ms => ms,
  restore: [],
  isLockTimeout: err => (err as {code?: string} | undefined)?.code === '55P03',
  isCancelled: () => false,
  holders: async () => ({
    holders: [
      {
        table: '"public"."item"',
        pid: 42,
        application: 'report',
        durationMs: 5300,
        query: 'SELECT 1',
        mode: 'AccessShareLock',
      },
    ],
  }),
};
const connector = {} as JugglerConnector;
const attempted = {
  tables: [{schema: 'public', name: 'item'}],
  leaves: 'Nothing was changed.',
};

describe('withLockRetry()', () => {
  it('runs again an attempt that timed out waiting for a lock, and records the wait', async () => {
    const retry = lockRetry(wait, connector, 10, 10_000);
    let calls = 0;
    const result = await withLockRetry(retry, attempted, async () => {
      calls++;
      if (calls < 3) throw TIMEOUT;
      return 'done';
    });
    expect(result).to.equal('done');
    expect(calls).to.equal(3);
    expect(retry.waits.map(w => w.attempt)).to.eql([1, 2]);
    expect(retry.waits[0].tables).to.eql(['"public"."item"']);
  });

  it('also knows a lock timeout wrapped as the cause of another error', async () => {
    const retry = lockRetry(wait, connector, 10, 10_000);
    let calls = 0;
    await withLockRetry(retry, attempted, async () => {
      if (calls++ === 0) throw new Error('apply failed', {cause: TIMEOUT});
    });
    expect(calls).to.equal(2);
  });

  it('lets any other error through at once', async () => {
    const retry = lockRetry(wait, connector, 10, 10_000);
    const other = new Error('syntax error');
    await expect(
      withLockRetry(retry, attempted, () => Promise.reject(other)),
    ).to.be.rejectedWith(other);
    expect(retry.waits).to.be.empty();
  });

  it('gives up when the next attempt would end past the budget, naming the table and its holders', async () => {
    const retry = lockRetry(wait, connector, 500, 400);
    const error = await rejection(
      withLockRetry(retry, attempted, () => Promise.reject(TIMEOUT)),
    );
    expect(error).to.be.instanceOf(MigrationTableBusyError);
    const busy = error as MigrationTableBusyError;
    expect(busy).to.containDeep({
      code: 'MIGRATION_TABLE_BUSY',
      attempts: 1,
      tables: ['"public"."item"'],
    });
    expect(busy.cause).to.equal(TIMEOUT);
    expect(busy.message).to.match(
      /session 42, application "report", in its transaction for 5\.3 s, holding AccessShareLock, query: SELECT 1/,
    );
    expect(busy.message).to.match(/Nothing was changed\.\nEnd or commit/);
  });
});
