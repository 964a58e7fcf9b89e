import {expect} from '@loopback/testlab';
import {SchemaDriftError} from '../../src';
import {todoModels} from '../support/app-builder';
import {describeEachDatabase} from '../support/databases';
import {generateProject} from '../support/generate';

describeEachDatabase(
  'a dry run of an initial script on a database that has its tables',
  db => {
    const {open, generate, build} = generateProject(db, 'initial-dry-run');

    it('counts it as applied, as the run does, and so sees the drift it leaves', async () => {
      const v1 = todoModels();
      // The schema sync made the tables before scripts were adopted.
      await open(v1).migrateSchema();
      // The models changed since: the initial script holds the change.
      const v2 = v1.map(spec =>
        spec.name !== 'Todo'
          ? spec
          : {...spec, properties: {...spec.properties, due: {type: 'date'}}},
      );
      const initial = await generate(open(v2), 'initial', '20261201090000', {
        initial: true,
      });
      const scripts = build(initial.file!);

      const plan = await open(v2, scripts).planSchemaMigration();
      expect(plan.scripts.map(s => [s.version, s.status])).to.eql([
        ['20261201090000', 'baselined'],
      ]);
      expect(plan.scripts[0].reason).to.match(/dry run: not recorded/);

      // The run records the script without running it: the new column is
      // drift, which the dry run now predicts instead of skipping.
      const dryRun = open(v2, scripts).planSchemaMigration({
        schemaSource: 'scripts',
      });
      await expect(dryRun).to.be.rejectedWith(SchemaDriftError);
      const run = open(v2, scripts).migrateSchema({schemaSource: 'scripts'});
      await expect(run).to.be.rejectedWith(SchemaDriftError);
    });
  },
);
