import {expect} from '@loopback/testlab';
import {todoModels, type ModelSpec} from '../support/app-builder';
import {describeEachDatabase} from '../support/databases';
import {shadowProject, todoModelsV3} from '../support/generate';

/** The models with `property` added to Todo. */
function withTodoProperty(
  models: readonly ModelSpec[],
  property: string,
): ModelSpec[] {
  return models.map(spec =>
    spec.name !== 'Todo'
      ? spec
      : {
          ...spec,
          properties: {...spec.properties, [property]: {type: 'string'}},
        },
  );
}

describeEachDatabase(
  'generating a script that adds a column the database has already, or drops one it has not',
  db => {
    const {open, generate, build} = shadowProject(db, 'existing-columns');

    it('warns, naming the column, when the schema sync added it after the last script', async () => {
      const v1 = todoModels();
      const first = await generate(open(v1), 'create-todos', '20261203030000');
      const scripts = build(first.file!);
      await open(v1, scripts).migrateSchema();
      const v2 = withTodoProperty(v1, 'note');
      // Where the database has none of the columns, nothing is said.
      const clean = await generate(
        open(v2, scripts),
        'add-note',
        '20261203030100',
        {dryRun: true},
      );
      expect(clean.warnings).to.eql([]);
      // A model change migrated by the schema sync, not by a script.
      await open(v2, scripts).migrateSchema();
      // The next change is generated: the script adds both columns.
      const v3 = withTodoProperty(v2, 'rank');
      const generated = await generate(
        open(v3, scripts),
        'add-rank',
        '20261203030200',
        {dryRun: true},
      );
      expect(generated.warnings).to.have.length(1);
      expect(generated.warnings[0]).to.match(
        /^datasource "db": the script adds 1 column\(s\) its own database already has \([^)]*todo"\."note"\).*`migrate --baseline <its version>`/is,
      );
    });

    it('warns, naming the column, when the schema sync dropped it after the last script', async () => {
      const v1 = todoModels();
      const first = await generate(open(v1), 'create-todos', '20261203030000');
      const scripts = build(first.file!);
      await open(v1, scripts).migrateSchema();
      // Dropped by the schema sync (no values stored: nothing refused).
      const v2 = todoModelsV3(v1);
      await open(v2, scripts).migrateSchema();
      const generated = await generate(
        open(v2, scripts),
        'drop-done',
        '20261203030100',
        {dryRun: true},
      );
      expect(generated.warnings).to.have.length(1);
      expect(generated.warnings[0]).to.match(
        /^datasource "db": the script drops 1 column\(s\) its own database has not \([^)]*(?:todo|Todo)"\."(?:iscomplete|isComplete)"\), dropped without a script .* up\(\) fails with "does not exist" or "Can't DROP COLUMN"\. To fix it: delete this file/s,
      );
    });

    it('says nothing of a column missing with its table: a new database, every script pending', async () => {
      const v1 = todoModels();
      const first = await generate(open(v1), 'create-todos', '20261203030000');
      const generated = await generate(
        open(todoModelsV3(v1), build(first.file!)),
        'drop-done',
        '20261203030100',
        {dryRun: true},
      );
      expect(generated.changes).to.have.length(1);
      expect(generated.warnings).to.eql([]);
    });
  },
);
