import {expect} from '@loopback/testlab';
import {readFileSync} from 'node:fs';
import path from 'node:path';
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
      '  datasource "db": 2 statement(s), 1 without an exact inverse (statement 1: irreversible)',
      'Review it, commit it, then deploy only reviewed scripts: npm run build && npm run migrate -- --schema-source scripts',
    ]);
  });

  it("ends with the README workflow's build and deploy steps, as one command to paste", () => {
    const readme = readFileSync(
      path.resolve(__dirname, '../../../../README.md'),
      'utf8',
    );
    const workflow =
      /### The workflow: three commands\n\n```sh\n([^`]*)```/.exec(readme);
    const [, build, deploy] = (workflow?.[1] ?? '')
      .trim()
      .split('\n')
      .map(line => line.replace(/#.*/, '').trim());
    expect([build, deploy]).to.eql([
      'npm run build',
      'npm run migrate -- --schema-source scripts',
    ]);
    const lines = generatedLines({
      file: '/app/src/migrations/1-x.migration.ts',
      version: '1',
      report,
      warnings: [],
      changes: [],
    });
    expect(lines[lines.length - 1]).to.endWith(`: ${build} && ${deploy}`);
  });

  it('says that nothing changed', () => {
    expect(
      generatedLines({version: '1', report, changes: [], warnings: []}),
    ).to.eql([
      'No model change: the models match the schema the migration scripts make. Nothing was written.',
    ]);
  });
});
