import {expect} from '@loopback/testlab';
import type {Dialect} from '../../../src/dialects/contract';
import type {LockImpactQuery} from '../../../src/dialects/lock-impact';
import type {JugglerConnector} from '../../../src/juggler';
import {judgeLockImpact, refuseOffline} from '../../../src/planner/lock-impact';
import type {PlannedStatement} from '../../../src/types';

const connector = {name: 'fake'} as unknown as JugglerConnector;

/** A dialect whose verdicts are read from the statement text, recording what it was asked. */
function fakeDialect(asked: LockImpactQuery[][]): Dialect {
  return {
    tableOf: (_c: JugglerConnector, model: string) => ({
      schema: '',
      name: model.toLowerCase(),
    }),
    lockImpact: async (_c: JugglerConnector, queries: LockImpactQuery[]) => {
      asked.push(queries);
      return queries.map(q =>
        !q.existing
          ? {lock: 'none', rewritesTable: false, scansTable: false}
          : /COPY/.test(q.sql)
            ? {
                lock: 'blocks-writes',
                rewritesTable: true,
                scansTable: true,
                notOnline: 'it copies',
              }
            : {
                lock: 'brief',
                rewritesTable: false,
                scansTable: false,
                onlineSql: `${q.sql} ONLINE`,
              },
      );
    },
  } as unknown as Dialect;
}

const statement = (sql: string, model?: string): PlannedStatement => ({
  sql,
  destructive: false,
  ...(model && {model}),
});

describe('judgeLockImpact()', () => {
  const present = [
    {schema: '', name: 'old', estimatedRows: 1200, estimatedBytes: 65536},
    {schema: '', name: 'tiny', estimatedRows: 3},
    {schema: '', name: 'rebuilt', estimatedRows: 5},
  ];
  const plan = [
    statement('CREATE SCHEMA x'),
    statement('DROP TABLE rebuilt', 'Rebuilt'),
    statement('CREATE TABLE rebuilt (id int)', 'Rebuilt'),
    statement('ALTER TABLE rebuilt ADD x', 'Rebuilt'),
    statement('ALTER TABLE old ADD y', 'Old'),
    statement('ALTER TABLE old COPY', 'Old'),
    statement('CREATE TABLE fresh (id int)', 'Fresh'),
    statement('ALTER TABLE tiny COPY', 'Tiny'),
  ];

  it('judges a table existing until the plan creates it, and gives its statistics', async () => {
    const asked: LockImpactQuery[][] = [];
    const {statements, offline} = await judgeLockImpact(
      connector,
      fakeDialect(asked),
      plan,
      present,
      true,
    );
    expect(asked[0].map(q => q.existing)).to.eql([
      false,
      true,
      false,
      false,
      true,
      true,
      false,
      true,
    ]);
    expect(statements[1]).to.containDeep({lock: 'brief', estimatedRows: 5});
    expect(statements[3].estimatedRows).to.be.undefined();
    expect(statements[4]).to.containDeep({
      sql: 'ALTER TABLE old ADD y ONLINE',
      estimatedRows: 1200,
      estimatedBytes: 65536,
    });
    // A table of 3 rows is copied in no time: its plain form runs.
    expect([...offline]).to.eql([[5, 'it copies']]);
    expect(statements[7]).to.containDeep({
      sql: 'ALTER TABLE tiny COPY',
      lock: 'blocks-writes',
    });
  });

  it('keeps the plain forms and refuses nothing with online off', async () => {
    const {statements, offline} = await judgeLockImpact(
      connector,
      fakeDialect([]),
      plan,
      present,
      false,
    );
    expect(statements[4].sql).to.equal('ALTER TABLE old ADD y');
    expect(statements[5]).to.containDeep({
      lock: 'blocks-writes',
      rewritesTable: true,
    });
    expect(offline.size).to.equal(0);
  });

  it('refuses a statement without an online form, saying how to proceed', () => {
    const {statements, failures} = refuseOffline(
      'db',
      connector,
      fakeDialect([]),
      [plan[4], {...plan[5], willFail: 'orphans'}],
      new Map([[1, 'it copies']]),
    );
    expect(statements[0].willFail).to.be.undefined();
    expect(statements[1].willFail).to.match(
      /^orphans; no online form: it copies\. Run it in its plain form with online: false \(CLI --offline\)/,
    );
    expect(failures).to.have.length(1);
    expect(failures[0]).to.containDeep({
      dataSource: 'db',
      model: 'Old',
      table: '"old"',
    });
  });
});
