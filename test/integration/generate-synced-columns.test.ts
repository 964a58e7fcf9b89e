import {expect} from '@loopback/testlab';
import {todoModels} from '../support/app-builder';
import {describeEachDatabase} from '../support/databases';
import {shadowProject, todoModelsV2, todoModelsV3} from '../support/generate';

// A database the schema sync changed after its last script: a script
// generated next repeats the change there, and fails on it.
describeEachDatabase(
  'generating a script whose column change its own database has already',
  db => {
    const {open, generate, build} = shadowProject(db, 'synced-columns');

    it('warns of a column the script adds that the database has, and of one it drops that the database has not', async () => {
      const v1 = todoModels();
      const first = await generate(open(v1), 'create-todos', '20261203050000');
      const scripts = build(first.file!);
      await open(v1, scripts).migrateSchema();
      // Both changes made by the schema sync, not by a script.
      const v2 = todoModelsV3(todoModelsV2(v1));
      await open(v2, scripts).migrateSchema();
      const generated = await generate(
        open(v2, scripts),
        'rework-todos',
        '20261203050100',
        {dryRun: true},
      );
      expect(generated.warnings.join('\n')).to.match(
        /^datasource "db": the script adds 1 column\(s\) its own database already has \((?:"public"\.)?"(?:todo|Todo)"\."priority"\)/m,
      );
      expect(generated.warnings.join('\n')).to.match(
        /^datasource "db": the script drops 1 column\(s\) its own database has not \((?:"public"\.)?"(?:todo|Todo)"\."(?:iscomplete|isComplete)"\), dropped without a script .* up\(\) fails with "does not exist" or "Can't DROP COLUMN"\. To fix it: delete this file/m,
      );
    });

    it('says nothing of a column missing with its table: a new database, every script pending', async () => {
      const v1 = todoModels();
      const first = await generate(open(v1), 'create-todos', '20261203050000');
      const scripts = build(first.file!);
      const generated = await generate(
        open(todoModelsV3(v1), scripts),
        'drop-done',
        '20261203050100',
        {dryRun: true},
      );
      expect(generated.changes).to.have.length(1);
      expect(generated.warnings.join('\n')).to.not.match(/drops \d column/);
    });
  },
);
