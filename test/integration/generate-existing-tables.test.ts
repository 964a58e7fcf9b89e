import {expect} from '@loopback/testlab';
import {todoModels} from '../support/app-builder';
import {describeEachDatabase} from '../support/databases';
import {shadowProject, TAG} from '../support/generate';

describeEachDatabase(
  'generating a script that creates a table the database has already, in an app with scripts',
  db => {
    const {open, generate, build} = shadowProject(db, 'existing-tables');

    it('warns, naming the table, with the fix for an app that has scripts: the baseline', async () => {
      const v1 = todoModels();
      const first = await generate(open(v1), 'create-todos', '20261203040000');
      const scripts = build(first.file!);
      await open(v1, scripts).migrateSchema();
      // A new model migrated by the schema sync, not by a script.
      const v2 = [...v1, TAG];
      await open(v2, scripts).migrateSchema();
      const generated = await generate(
        open(v2, scripts),
        'add-tag',
        '20261203040100',
        {dryRun: true},
      );
      expect(generated.warnings).to.have.length(1);
      expect(generated.warnings[0]).to.match(
        /^datasource "db": the script creates 1 table\(s\) its own database already has \([^)]*tag\W*\).*If this app has scripts already.*`migrate --baseline <its version>`/is,
      );
    });
  },
);
