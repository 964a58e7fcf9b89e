import {expect} from '@loopback/testlab';
import {checkScriptsCoverModels} from '../../../src/cli/check-scripts';
import {SchemaDriftError, ShadowDatabaseError} from '../../../src/errors';
import {pendingScriptsWarning} from '../../../src/scripts/drift';
import type {SchemaMigrationReport} from '../../../src/types';
import {rejection} from '../../support/rejection';

describe('checkScriptsCoverModels()', () => {
  const report = (): SchemaMigrationReport => ({
    operation: 'autoupdate',
    dryRun: true,
    dataSources: [],
    scripts: [],
    warnings: [],
  });
  /** A report planning `sql` for model Todo of datasource `db`. */
  const planned = (...sql: string[]): SchemaMigrationReport => ({
    ...report(),
    dataSources: [
      {
        name: 'db',
        connector: 'postgresql',
        status: 'planned',
        models: ['Todo'],
        warnings: [],
        durationMs: 0,
        statements: sql.map(s => ({sql: s, model: 'Todo', destructive: false})),
      },
    ],
  });
  /** A script of datasource `db` a dry run found pending. */
  const pendingScript = (version: string) => ({
    version,
    dataSource: 'db',
    name: 'S',
    status: 'pending' as const,
    outOfOrder: false,
    warnings: [],
    durationMs: 0,
  });

  /**
   * The lines of the drift the check throws for `checked` when the models
   * planned on what the applied scripts make give `afterApplied`.
   */
  const unlikeItsScripts = async (
    checked: SchemaMigrationReport,
    afterApplied: SchemaMigrationReport,
  ) => {
    const error = await rejection(
      checkScriptsCoverModels(
        async (_name, _options, skipScripts) => ({
          version: 'v',
          changes: [],
          report: skipScripts ? afterApplied : report(),
          warnings: [],
        }),
        {},
        checked,
      ),
    );
    expect(error).to.be.instanceOf(SchemaDriftError);
    return error.message.split('\n').slice(1, -1);
  };

  it('asks for a dry run of --generate with the selection, then one without the pending scripts', async () => {
    const calls: unknown[] = [];
    const checked = report();
    checked.scripts.push(pendingScript('2'));
    await checkScriptsCoverModels(
      async (name, options, skipScripts) => {
        calls.push([name, options, skipScripts && [...skipScripts]]);
        return {version: 'v', changes: [], report: report(), warnings: []};
      },
      {models: ['Todo'], dataSources: ['db']},
      checked,
    );
    const options = {dryRun: true, dataSources: ['db'], models: ['Todo']};
    expect(calls).to.eql([
      ['check', options, undefined],
      ['check', options, ['2']],
    ]);
  });

  it('throws SchemaDriftError when the database is not what its applied scripts make, comparing columns, not constraint forms', async () => {
    // Here: the column is made NOT NULL plainly; there, through a check.
    const checked = planned(
      'ALTER TABLE "todo" ALTER COLUMN "done" SET NOT NULL',
    );
    checked.scripts.push(pendingScript('2'));
    const afterApplied = planned(
      'ALTER TABLE "todo" ADD COLUMN "note" TEXT',
      'ALTER TABLE "todo" ADD CONSTRAINT "c" CHECK ("done" IS NOT NULL) NOT VALID',
      'ALTER TABLE "todo" ALTER COLUMN "done" SET NOT NULL',
    );
    expect(await unlikeItsScripts(checked, afterApplied)).to.eql([
      '  - datasource "db", model Todo: column "note" is missing after its applied scripts, but not here',
    ]);
  });

  it('compares the foreign keys by name: a key the schema sync dropped ahead of a pending script is drift', async () => {
    const checked = report();
    checked.scripts.push(pendingScript('2'));
    const afterApplied = planned(
      'ALTER TABLE "todo" DROP CONSTRAINT "fk_todo_list"',
    );
    expect(await unlikeItsScripts(checked, afterApplied)).to.eql([
      '  - datasource "db", model Todo: constraint "fk_todo_list" is in the database but not in the models after its applied scripts, but not here',
    ]);
  });

  it('throws SchemaDriftError for a model change no script covers', async () => {
    const shadow = planned('CREATE TABLE "t" ("a" INT)');
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
    checked.scripts.push(pendingScript('1'));
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
