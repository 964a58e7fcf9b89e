import {expect} from '@loopback/testlab';
import {statementNumbers} from '../../../src/generate/statement-numbers';

describe('statementNumbers()', () => {
  it('writes 1-based numbers, runs of them as ranges', () => {
    expect(statementNumbers([1])).to.equal('statement 2');
    expect(statementNumbers([0, 1, 2])).to.equal('statements 1-3');
    expect(statementNumbers([0, 1, 3, 5, 6])).to.equal(
      'statements 1-2, 4, 6-7',
    );
  });
});
