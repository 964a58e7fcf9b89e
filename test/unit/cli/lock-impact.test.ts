import {expect} from '@loopback/testlab';
import {describeLockImpact, formatBytes} from '../../../src/cli/lock-impact';
import {paint, planLines, summaryLines} from '../../../src/cli/format';
import type {PlannedStatement, SchemaMigrationReport} from '../../../src';

const REWRITE: PlannedStatement = {
  sql: 'ALTER TABLE "public"."todo" ALTER COLUMN "n" TYPE BIGINT',
  model: 'Todo',
  destructive: false,
  lock: 'blocks-reads-and-writes',
  rewritesTable: true,
  scansTable: true,
  estimatedRows: 1_000_000,
  estimatedBytes: 88_080_384,
};
const NEW_TABLE: PlannedStatement = {
  sql: 'CREATE TABLE "public"."fresh" (id serial)',
  model: 'Fresh',
  destructive: false,
  lock: 'none',
  rewritesTable: false,
  scansTable: false,
};

describe('lock impact in the CLI output', () => {
  it('says what a statement blocks, whether it rewrites the table, and its rows and size', () => {
    expect(describeLockImpact(REWRITE)).to.equal(
      'blocks reads and writes, rewrites table, ~1,000,000 rows, 84 MB',
    );
    expect(
      describeLockImpact({...REWRITE, lock: 'none', rewritesTable: false}),
    ).to.equal('no lock, scans table, ~1,000,000 rows, 84 MB');
    expect(
      describeLockImpact({...REWRITE, estimatedRows: 1, estimatedBytes: 8192}),
    ).to.equal('blocks reads and writes, rewrites table, ~1 row, 8.0 kB');
    expect(describeLockImpact(NEW_TABLE)).to.be.undefined();
    expect(
      describeLockImpact({sql: 'x', destructive: false}),
    ).to.be.undefined();
  });

  it('writes sizes in binary units', () => {
    expect(formatBytes(0)).to.equal('0 B');
    expect(formatBytes(8192)).to.equal('8.0 kB');
    expect(formatBytes(88_080_384)).to.equal('84 MB');
  });

  it('prints the impact beside a dry run statement and in the summary', () => {
    const report: SchemaMigrationReport = {
      operation: 'autoupdate',
      dryRun: true,
      scripts: [],
      warnings: [],
      dataSources: [
        {
          name: 'db',
          connector: 'postgresql',
          status: 'planned',
          models: ['Todo', 'Fresh'],
          statements: [NEW_TABLE, REWRITE],
          warnings: [],
          durationMs: 3,
        },
      ],
    };
    const plan = planLines(report, paint(false));
    expect(plan).to.containEql(
      '-- blocks reads and writes, rewrites table, ~1,000,000 rows, 84 MB',
    );
    expect(
      plan.filter(l => l.startsWith('-- ') && /lock/.test(l)),
    ).to.have.length(1);
    expect(summaryLines(report, paint(false))[0]).to.match(
      /lock: blocks reads and writes, rewrites table, ~1,000,000 rows, 84 MB: ALTER TABLE/,
    );
  });
});
