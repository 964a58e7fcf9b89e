import {expect} from '@loopback/testlab';
import {ledgerRow, loadedScript} from '../../support/script-rows';
import {scriptsNeedLock} from '../../../src/scripts/unlocked-read';

const script = (version: string, checksum = `sum-${version}`) =>
  loadedScript(version, {checksum});
const row = (version: string) => ledgerRow(version);

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
