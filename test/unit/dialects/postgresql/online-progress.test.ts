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
});
