import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, type SchemaMigrationOptions} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

function model(name: string, dataSource: string): ModelSpec {
  return {
    name,
    dataSource,
    properties: {
      id: {type: 'number', id: true, generated: true},
      title: {type: 'string'},
    },
  };
}

// A datasource's warnings name the tables of its schemas that no model of
// the app maps to, on any datasource; its fingerprint held its own models
// only: after another datasource of the same database gained the model of
// such a table, the fast path still named it, where a full check did not.
describeEachDatabase(
  'fingerprint of a datasource beside another on its database',
  db => {
    beforeEach(() => dropAllTables(db()));

    /** A run of an app with `db` and `other`, both on the test database. */
    async function run(
      models: readonly ModelSpec[],
      options: SchemaMigrationOptions = {},
    ) {
      const config = db().dataSourceConfig;
      const app = buildApp(MigratingApp, {db: config, other: config}, models);
      try {
        const report = await migrateSchemaWithReport(app, options);
        return report.dataSources.find(d => d.name === 'db')!;
      } finally {
        await closeApp(app);
      }
    }

    it("reports the warnings a full check gives after the other datasource's models change", async () => {
      const before = [model('Note', 'db'), model('Label', 'other')];
      const memo = model('Memo', 'other');
      // Memo's table stays when its model leaves the app.
      await run([...before, memo]);
      await run(before);
      const settled = await run(before);
      expect(settled.status).to.equal('up-to-date');
      expect(settled.warnings.join()).to.match(/without a model.*memo/i);

      const full = await run([...before, memo], {
        dryRun: true,
        fullCheck: true,
      });
      expect(full.warnings).to.eql([]);
      const fast = await run([...before, memo], {dryRun: true});
      expect(fast.status).to.equal('up-to-date');
      expect(fast.warnings).to.eql([]);
    });
  },
);
