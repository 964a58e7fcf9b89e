import {expect} from '@loopback/testlab';
import {checkScriptsCoverModels} from '../../../src/cli/check-scripts';
import {SchemaDriftError, ShadowDatabaseError} from '../../../src/errors';
import {pendingScriptsWarning} from '../../../src/scripts/drift';
import type {SchemaMigrationReport} from '../../../src/types';

describe('checkScriptsCoverModels()', () => {
  const report = (): SchemaMigrationReport => ({
    operation: 'autoupdate',
    dryRun: true,
    dataSources: [],
    scripts: [],
    warnings: [],
  });

  it('asks for a dry run of --generate with the selection', async () => {
    const calls: unknown[] = [];
    await checkScriptsCoverModels(
      async (name, options) => {
        calls.push([name, options]);
        return {version: 'v', changes: [], report: report(), warnings: []};
      },
      {models: ['Todo'], dataSources: ['db']},
      report(),
    );
    expect(calls).to.eql([
      ['check', {dryRun: true, dataSources: ['db'], models: ['Todo']}],
    ]);
  });

  it('throws SchemaDriftError for a model change no script covers', async () => {
    const shadow = report();
    shadow.dataSources.push({
      name: 'db',
      connector: 'postgresql',
      status: 'planned',
      models: ['Todo'],
      warnings: [],
      durationMs: 0,
      statements: [{sql: 'CREATE TABLE "t" ("a" INT)', destructive: false}],
    });
    await expect(
      checkScriptsCoverModels(
        async () => ({version: 'v', changes: [], report: shadow, warnings: []}),
        {},
        report(),
      ),
    ).to.be.rejectedWith(SchemaDriftError);
  });

  it("drops the dry run's advice to run this check once the scripts cover the models", async () => {
    const checked = report();
    checked.scripts.push({
      version: '1',
      dataSource: 'db',
      name: 'S',
      status: 'pending',
      outOfOrder: false,
      warnings: [],
      durationMs: 0,
    });
    checked.warnings.push('other', pendingScriptsWarning(1));
    const coverage = await checkScriptsCoverModels(
      async () => ({version: 'v', changes: [], report: report(), warnings: []}),
      {},
      checked,
    );
    expect(checked.warnings).to.eql(['other']);
    expect(coverage).to.equal('covered');
  });

  it('warns, and judges nothing, when no shadow database can be made', async () => {
    const checked = report();
    const coverage = await checkScriptsCoverModels(
      async () => {
        throw new ShadowDatabaseError('no CREATEDB', undefined);
      },
      {},
      checked,
    );
    expect(checked.warnings).to.eql([
      'migration scripts are pending, and the models could not be compared with what they make on a shadow database: no CREATEDB',
    ]);
    expect(coverage).to.equal('not compared');
  });
});
