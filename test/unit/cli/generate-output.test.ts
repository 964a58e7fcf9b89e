import {expect} from '@loopback/testlab';
import {generatedLines} from '../../../src/cli/generate-output';
import type {GeneratedMigration} from '../../../src/generate/generate';

describe('generatedLines()', () => {
  const report = {
    operation: 'autoupdate' as const,
    dryRun: false,
    dataSources: [],
    scripts: [],
    warnings: [],
  };

  it('names the file written and the statements without an inverse', () => {
    const generated: GeneratedMigration = {
      file: '/app/src/migrations/1-x.migration.ts',
      version: '1',
      report,
      warnings: [],
      changes: [
        {
          dataSource: 'db',
          connector: 'mysql',
          models: ['Todo'],
          warnings: [],
          statements: [
            {sql: 'ALTER TABLE `t` DROP `a`', destructive: true},
            {sql: 'CREATE TABLE `u` (`a` INT)', destructive: false},
          ],
          inverses: [{none: 'dropped'}, {sql: 'DROP TABLE `u`'}],
        },
      ],
    };
    expect(generatedLines(generated, '/app')).to.eql([
      'Wrote src/migrations/1-x.migration.ts',
      '  datasource "db": 2 statement(s), 1 without an exact inverse (statement 1: its down() throws)',
      'Review it, commit it, then: npm run build && npm run migrate (add --schema-source scripts to deploy only reviewed scripts).',
    ]);
  });

  it('says that nothing changed', () => {
    expect(
      generatedLines({version: '1', report, changes: [], warnings: []}),
    ).to.eql([
      'No model change: the models match the schema the migration scripts make. Nothing was written.',
    ]);
  });
});
