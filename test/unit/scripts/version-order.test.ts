import {expect} from '@loopback/testlab';
import {compareVersions, isSemver} from '../../../src/scripts/version-order';

const sorted = (versions: string[]) => [...versions].sort(compareVersions);

describe('compareVersions()', () => {
  it('orders semver versions by number, not as text', () => {
    expect(sorted(['1.10.0', '1.2.0', '1.9.0', '10.0.0', '2.0.0'])).to.eql([
      '1.2.0',
      '1.9.0',
      '1.10.0',
      '2.0.0',
      '10.0.0',
    ]);
  });

  it('puts a pre-release before its release, with semver precedence', () => {
    expect(
      sorted([
        '1.0.0',
        '1.0.0-rc.1',
        '1.0.0-beta.11',
        '1.0.0-beta.2',
        '1.0.0-alpha',
        '1.0.0-alpha.1',
        '1.0.0-alpha.beta',
        '1.0.0-beta',
      ]),
    ).to.eql([
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ]);
  });

  it('compares numbers of any size', () => {
    expect(
      compareVersions('1.0.99999999999999999999', '1.0.100000000000000000000'),
    ).to.be.below(0);
  });

  it('orders other strings lexicographically, after every semver version', () => {
    expect(
      sorted([
        '20240215-b',
        '010-late',
        '002-seed',
        '2.0.0',
        '001-init',
        'v1.0.0',
        '1.0',
      ]),
    ).to.eql([
      '2.0.0',
      '001-init',
      '002-seed',
      '010-late',
      '1.0',
      '20240215-b',
      'v1.0.0',
    ]);
  });

  it('is a total order: build metadata breaks ties as text, equal means identical', () => {
    expect(compareVersions('1.0.0+build.2', '1.0.0+build.10')).to.be.above(0);
    expect(compareVersions('1.0.0+b', '1.0.0')).to.be.above(0);
    expect(compareVersions('1.0.0', '1.0.0')).to.equal(0);
    expect(compareVersions('abc', 'abc')).to.equal(0);
    const versions = ['b', '1.0.0', 'a', '0.1.0-x', '1.0.0+z', '0.1.0'];
    for (const a of versions) {
      for (const b of versions) {
        expect(Math.sign(compareVersions(a, b))).to.equal(
          -Math.sign(compareVersions(b, a)),
        );
      }
    }
  });
});

describe('isSemver()', () => {
  it('accepts semver 2.0.0 versions only', () => {
    for (const v of [
      '0.0.1',
      '1.2.3',
      '1.0.0-rc.1',
      '1.0.0+build',
      '1.0.0-0.3.7',
    ])
      expect(isSemver(v)).to.be.true();
    for (const v of ['1.0', 'v1.0.0', '01.0.0', '1.0.0-01', '001-init', ''])
      expect(isSemver(v)).to.be.false();
  });
});
