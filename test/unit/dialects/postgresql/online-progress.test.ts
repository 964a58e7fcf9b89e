import {expect} from '@loopback/testlab';
import {progressLine} from '../../../../src/dialects/postgresql/online-progress';

describe('postgresql index build progress', () => {
  const row = {
    index: 'book_title_idx',
    phase: 'building index: scanning table',
    blocksTotal: '0',
    blocksDone: '0',
    tuplesTotal: '0',
    tuplesDone: '0',
    lockerPid: null,
    lockerMs: null,
  };

  it('says the phase, and the share of blocks or rows done when known', () => {
    expect(progressLine(row)).to.equal(
      'index "book_title_idx": building index: scanning table',
    );
    expect(
      progressLine({...row, blocksTotal: '9030', blocksDone: '3800'}),
    ).to.equal(
      'index "book_title_idx": building index: scanning table, 42% of 9030 blocks',
    );
    expect(
      progressLine({
        ...row,
        phase: 'building index: loading tuples in tree',
        tuplesTotal: '200',
        tuplesDone: '50',
      }),
    ).to.equal(
      'index "book_title_idx": building index: loading tuples in tree, 25% of 200 rows',
    );
  });

  it('names the session a waiting build waits for, and how long its transaction is open', () => {
    expect(
      progressLine({
        ...row,
        phase: 'waiting for writers before build',
        lockerPid: 4242,
        lockerMs: '12345',
      }),
    ).to.equal(
      'index "book_title_idx": waiting for writers before build, waiting for session 4242 (its transaction open for 12.3 s)',
    );
  });
});
