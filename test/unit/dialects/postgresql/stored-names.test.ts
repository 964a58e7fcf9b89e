import {expect} from '@loopback/testlab';
import {storedPgName} from '../../../../src/dialects/postgresql/stored-names';

describe('storedPgName', () => {
  it('keeps a name of at most 63 bytes', () => {
    expect(storedPgName('n'.repeat(63))).to.equal('n'.repeat(63));
  });

  it('cuts a longer one to its first 63 bytes', () => {
    expect(storedPgName('n'.repeat(70))).to.equal('n'.repeat(63));
  });

  it('cuts at a character boundary, as the server does', () => {
    // 'é' takes 2 bytes: 'a' and 31 of them are 63 bytes; 31 alone are 62.
    expect(storedPgName(`a${'é'.repeat(40)}`)).to.equal(`a${'é'.repeat(31)}`);
    expect(storedPgName('é'.repeat(40))).to.equal('é'.repeat(31));
  });
});
