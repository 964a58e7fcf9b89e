import {expect} from '@loopback/testlab';
import {
  longestStall,
  percentile,
  summarize,
  type TimedOp,
} from '../../bench/online/stats';
import {countSchemaChanges} from '../../bench/counters';
import {estimate, ratio} from '../../bench/format';
import type {Measurement} from '../../bench/protocol';
import {newSeries} from '../../bench/results';
import {
  keepOnlineSection,
  SECTION_END,
  SECTION_START,
  withOnlineSection,
} from '../../bench/online/report';

/** Operations of `latency` ms each, back to back from `from`, `count` of them. */
function steady(from: number, count: number, latency: number): TimedOp[] {
  return Array.from({length: count}, (_, i) => ({
    start: from + i * latency,
    end: from + (i + 1) * latency,
  }));
}

describe('benchmark figures (bench/)', () => {
  describe('percentile', () => {
    it('takes the nearest rank, whatever the order of the values', () => {
      const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
      expect(percentile(values, 50)).to.equal(5);
      expect(percentile(values, 99)).to.equal(10);
      expect(percentile(values, 10)).to.equal(1);
    });

    it('is NaN without values', () => {
      expect(percentile([], 99)).to.be.NaN();
    });
  });

  describe('longestStall', () => {
    it('is the longest latency of an operation in flight during the window', () => {
      const ops = [...steady(0, 10, 10), {start: 100, end: 400}];
      expect(longestStall(ops, {start: 150, end: 200})).to.equal(300);
    });

    it('ignores slow operations outside the window', () => {
      const ops = [{start: 0, end: 900}, ...steady(1000, 50, 10)];
      expect(longestStall(ops, {start: 1100, end: 1300})).to.equal(10);
    });

    it('counts a gap with no completion, anchored on the completions around the window', () => {
      // Two connections: each operation is quick, but nothing completes
      // between 100 and 350.
      const ops = [
        ...steady(0, 10, 10),
        {start: 340, end: 350},
        {start: 345, end: 352},
      ];
      expect(longestStall(ops, {start: 200, end: 300})).to.equal(250);
    });

    it('anchors on the window itself when nothing completed before or after it', () => {
      expect(longestStall([], {start: 10, end: 70})).to.equal(60);
    });
  });

  describe('summarize', () => {
    it('counts errors, throughput and percentiles over the window', () => {
      const ops: TimedOp[] = [
        ...steady(0, 100, 10),
        {start: 1000, end: 1010, error: 'deadlock detected'},
      ];
      const summary = summarize(ops, {start: 500, end: 1010});
      expect(summary.errors).to.equal(1);
      expect(summary.firstError).to.equal('deadlock detected');
      expect(summary.ops).to.equal(51);
      expect(summary.perSecond).to.be.approximately(51 / 0.51, 1e-9);
      expect(summary.p99Ms).to.equal(10);
    });
  });

  describe('withOnlineSection', () => {
    const section = `${SECTION_START}\nnew\n${SECTION_END}`;

    it('appends the section to a report that has none', () => {
      expect(withOnlineSection('# Report\n', section)).to.equal(
        `# Report\n\n${section}\n`,
      );
    });

    it('replaces the section and keeps the rest of the report', () => {
      const file = `# Report\n\n${SECTION_START}\nold\n${SECTION_END}\n\n## After\n`;
      expect(withOnlineSection(file, section)).to.equal(
        `# Report\n\n${section}\n\n## After\n`,
      );
    });

    it('is carried over when the main benchmark rewrites the report', () => {
      const previous = `# Old\n\n${section}\n`;
      expect(keepOnlineSection(previous, '# New\n')).to.equal(
        `# New\n\n${section}\n`,
      );
      expect(keepOnlineSection('# Old\n', '# New\n')).to.equal('# New\n');
    });
  });

  describe('countSchemaChanges (bench/counters)', () => {
    it('counts statements behind a leading comment, as ours sends them on MySQL', () => {
      expect(
        countSchemaChanges(
          '/* loopback-schema-migration:apply */ ALTER TABLE `Order` ADD COLUMN `p` INT',
        ),
      ).to.equal(1);
      expect(
        countSchemaChanges('-- note\nCREATE INDEX i ON t (a); SELECT 1'),
      ).to.equal(1);
      expect(countSchemaChanges('/* ALTER */ SELECT 1')).to.equal(0);
    });
  });

  describe('estimate of a killed run (bench/format)', () => {
    const partial: Measurement = {
      ms: 59000,
      roundTrips: 1200,
      ddl: 0,
      ddlSamples: [],
      peakRssMb: 150,
      rssBeforeMb: 100,
      heapGrowthMb: 30,
    };
    const killed = {
      ...newSeries('stock'),
      timedOut: {seconds: 60, partial},
    };

    it('bounds what only grows from below, and gives no figure for the rest', () => {
      expect(estimate(killed, 'peakRssMb')).to.eql({
        value: 150,
        lowerBound: true,
      });
      expect(estimate(killed, 'roundTrips')).to.eql({
        value: 1200,
        lowerBound: true,
      });
      expect(estimate(killed, 'heapGrowthMb')).to.be.undefined();
    });

    it('makes a ratio against that peak an upper bound', () => {
      const ours = {value: 165, lowerBound: false};
      expect(ratio(ours, estimate(killed, 'peakRssMb'))).to.equal('< 1.10×');
    });
  });
});
