import {expect} from '@loopback/testlab';
import {compareWithLedgers, scriptStatuses} from '../../../src/scripts/status';
import {ledgerRow, loadedScript} from '../../support/script-rows';

const script = loadedScript;
const row = ledgerRow;

describe('comparing scripts with their ledgers', () => {
  it('finds pending scripts, also below the highest applied version', () => {
    const scripts = ['1.0.0', '1.1.0', '1.2.0', '1.3.0'].map(v => script(v));
    const ledgers = new Map([['db', [row('1.0.0'), row('1.2.0')]]]);
    const {pending, changed, missing} = compareWithLedgers(scripts, ledgers);
    expect(pending.map(p => [p.script.version, p.after])).to.eql([
      ['1.1.0', '1.2.0'],
      ['1.3.0', undefined],
    ]);
    expect(changed).to.eql([]);
    expect(missing).to.eql([]);
  });

  it('judges the order within a runs group: before-schema scripts run first', () => {
    const scripts = [
      script('20261201000000', {runs: 'before-schema'}),
      script('1.0.0'),
      script('1.1.0', {runs: 'before-schema'}),
    ];
    const ledgers = new Map([['db', [row('20261201000000'), row('9.0.0')]]]);
    const {pending} = compareWithLedgers(scripts, ledgers);
    // 1.0.0 is after every before-schema script by design; 9.0.0 is no
    // longer in the code, so it counts for both groups.
    expect(pending.map(p => [p.script.version, p.after])).to.eql([
      ['1.0.0', '9.0.0'],
      ['1.1.0', '20261201000000'],
    ]);
    const {pending: fresh} = compareWithLedgers(
      scripts,
      new Map([['db', [row('20261201000000')]]]),
    );
    expect(fresh.map(p => [p.script.version, p.after])).to.eql([
      ['1.0.0', undefined],
      ['1.1.0', '20261201000000'],
    ]);
  });

  it('finds changed code and rows no script has', () => {
    const scripts = [script('1.0.0', {checksum: 'new'})];
    const ledgers = new Map([['db', [row('1.0.0'), row('0.9.0')]]]);
    const {changed, missing} = compareWithLedgers(scripts, ledgers);
    expect(changed).to.eql([
      {
        version: '1.0.0',
        dataSource: 'db',
        name: 'S1.0.0',
        appliedChecksum: 'sum-1.0.0',
        checksum: 'new',
      },
    ]);
    expect(missing.map(m => [m.dataSource, m.row.version])).to.eql([
      ['db', '0.9.0'],
    ]);
  });

  it('keeps the ledgers of two datasources apart', () => {
    const scripts = [script('1.0.0'), script('2.0.0', {dataSource: 'other'})];
    // One database behind both: each ledger read holds both rows.
    const rows = [row('1.0.0'), row('2.0.0')];
    const ledgers = new Map([
      ['db', rows],
      ['other', rows],
    ]);
    const {pending, missing} = compareWithLedgers(scripts, ledgers);
    expect(pending).to.eql([]);
    expect(missing).to.eql([]);
  });

  it('lists every script and missing row, in version order', () => {
    const scripts = [
      script('1.10.0'),
      script('1.2.0', {checksum: 'edited', reversible: false}),
      script('1.9.0'),
    ];
    const ledgers = new Map([
      [
        'db',
        [row('1.2.0'), row('1.10.0'), row('1.0.0', {description: 'gone'})],
      ],
    ]);
    const statuses = scriptStatuses(scripts, ledgers);
    expect(
      statuses.map(s => [s.version, s.status, s.outOfOrder, s.reversible]),
    ).to.eql([
      ['1.0.0', 'missing', false, false],
      ['1.2.0', 'changed', false, false],
      ['1.9.0', 'pending', true, true],
      ['1.10.0', 'applied', false, true],
    ]);
    expect(statuses[0]).to.containDeep({description: 'gone', name: 'S1.0.0'});
    expect(statuses[3]).to.containDeep({
      appliedAt: new Date('2024-05-01T12:00:00Z'),
      durationMs: 3,
      checksum: 'sum-1.10.0',
      appliedChecksum: 'sum-1.10.0',
    });
  });
});
