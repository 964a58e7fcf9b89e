import {expect} from '@loopback/testlab';
import type {LedgerRow} from '../../../src/scripts/ledger-types';
import type {LoadedScript} from '../../../src/scripts/load';
import {scriptsNeedLock} from '../../../src/scripts/unlocked-read';

function script(version: string, checksum = `sum-${version}`): LoadedScript {
  return {
    instance: {version, up: async () => {}},
    version,
    name: `S${version}`,
    dataSource: 'db',
    runs: 'after-schema',
    checksum,
    reversible: true,
  };
}

function row(version: string, checksum = `sum-${version}`): LedgerRow {
  return {
    version,
    name: `S${version}`,
    checksum,
    appliedAt: new Date('2026-12-01T00:00:00Z'),
    durationMs: 1,
  };
}

describe('scriptsNeedLock()', () => {
  it('needs no lock when the ledger holds every script, unchanged', () => {
    const scripts = [script('1.0.0'), script('1.1.0')];
    const rows = [row('1.0.0'), row('1.1.0'), row('0.9.0')];
    expect(scriptsNeedLock(scripts, rows, false)).to.be.false();
    expect(scriptsNeedLock(scripts, rows, true)).to.be.false();
  });

  it('needs the lock for a script without a row', () => {
    expect(
      scriptsNeedLock([script('1.1.0')], [row('1.0.0')], false),
    ).to.be.true();
  });

  it('needs the lock for changed code only when it is to be accepted', () => {
    const edited = [script('1.0.0', 'new')];
    expect(scriptsNeedLock(edited, [row('1.0.0')], false)).to.be.false();
    expect(scriptsNeedLock(edited, [row('1.0.0')], true)).to.be.true();
  });
});
