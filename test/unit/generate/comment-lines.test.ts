import {expect} from '@loopback/testlab';
import {
  commentClauses,
  commentLines,
} from '../../../src/generate/comment-lines';

describe('commentLines()', () => {
  it('wraps at 80 columns, keeping a longer word whole', () => {
    const long = `"${'x'.repeat(90)}"`;
    expect(commentLines(`a ${long} b`)).to.eql(['// a', `// ${long}`, '// b']);
  });
});

describe('commentClauses()', () => {
  it('breaks between clauses, and inside one only when it alone is too long', () => {
    const under = '//      ';
    expect(
      commentClauses(
        [
          'phase: transaction',
          'data loss: none',
          'predicted failure: none',
          'lock: brief',
        ],
        under,
      ),
    ).to.eql([
      '//      phase: transaction; data loss: none; predicted failure: none;',
      '//      lock: brief',
    ]);
    const failure = `predicted failure: ${'word '.repeat(20).trim()}`;
    const lines = commentClauses(
      ['data loss: none', failure, 'lock: none'],
      under,
    );
    expect(lines[0]).to.equal('//      data loss: none;');
    for (const line of lines) expect(line.length).to.be.belowOrEqual(80);
    expect(lines.map(line => line.slice(under.length)).join(' ')).to.equal(
      `data loss: none; ${failure}; lock: none`,
    );
  });
});
