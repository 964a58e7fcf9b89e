import {expect} from '@loopback/testlab';
import {todoModels, type ModelSpec} from '../support/app-builder';
import {describeEachDatabase} from '../support/databases';
import {shadowProject} from '../support/generate';

/** The models with `indexes` added to Todo's `settings.indexes`. */
function withTodoIndexes(
  models: readonly ModelSpec[],
  indexes: Record<string, object>,
): ModelSpec[] {
  return models.map(spec =>
    spec.name !== 'Todo'
      ? spec
      : {
          ...spec,
          settings: {
            ...spec.settings,
            indexes: {...spec.settings?.indexes, ...indexes},
          },
        },
  );
}

describeEachDatabase(
  'generating a script that adds an index the database has already',
  (db, kind) => {
    const {open, generate, build} = shadowProject(db, 'existing-indexes');

    it('warns, naming the indexes, when the schema sync made them after the last script', async () => {
      const v1 = todoModels();
      const first = await generate(open(v1), 'create-todos', '20261203040000');
      const scripts = build(first.file!);
      await open(v1, scripts).migrateSchema();
      const v2 = withTodoIndexes(v1, {
        todo_title: {keys: {title: 1}},
        todo_list_once: {keys: {todoListId: 1}, options: {unique: true}},
      });
      // Where the database has none of the indexes, nothing is said.
      const clean = await generate(
        open(v2, scripts),
        'index-todos',
        '20261203040100',
        {dryRun: true},
      );
      expect(clean.warnings).to.eql([]);
      // A model change migrated by the schema sync, not by a script.
      await open(v2, scripts).migrateSchema();
      // The next change is generated: the script adds all three indexes,
      // two of which that database has.
      const v3 = withTodoIndexes(v2, {todo_done: {keys: {isComplete: 1}}});
      const generated = await generate(
        open(v3, scripts),
        'index-done',
        '20261203040200',
        {dryRun: true},
      );
      expect(generated.warnings).to.have.length(1);
      expect(generated.warnings[0]).to.match(
        /^datasource "db": the script adds 2 index\(es\) its own database already has \("todo_title" on (?:"public"\.)?"todo", "todo_list_once" on (?:"public"\.)?"todo"\).*"Duplicate key name".*`migrate --baseline <its version>`/is,
      );
    });

    it('says nothing of the indexes of a table the script creates: the table is warned of', async () => {
      // No script yet: the schema sync made the table and its index.
      const v1 = withTodoIndexes(todoModels(), {
        todo_title: {keys: {title: 1}},
      });
      await open(v1).migrateSchema();
      const generated = await generate(
        open(v1),
        'create-todos',
        '20261203040900',
        {dryRun: true},
      );
      expect(generated.warnings).to.have.length(1);
      expect(generated.warnings[0]).to.match(
        /^datasource "db": the script creates \d table\(s\) its own database already has/,
      );
    });

    it('warns of a FULLTEXT index the database has already (MySQL)', async function () {
      if (kind !== 'mysql') this.skip();
      const v1 = todoModels();
      const first = await generate(open(v1), 'create-todos', '20261203040700');
      const scripts = build(first.file!);
      await open(v1, scripts).migrateSchema();
      const v2 = withTodoIndexes(v1, {
        todo_title_words: {keys: {title: 1}, kind: 'FULLTEXT'},
      });
      await open(v2, scripts).migrateSchema();
      const generated = await generate(
        open(v2, scripts),
        'index-words',
        '20261203040800',
        {dryRun: true},
      );
      expect(generated.warnings).to.have.length(1);
      expect(generated.warnings[0]).to.startWith(
        'datasource "db": the script adds 1 index(es) its own database already has ("todo_title_words" on ',
      );
    });

    it('says nothing of an index the script drops before it adds it again (a changed definition)', async () => {
      const v1 = withTodoIndexes(todoModels(), {
        todo_title: {keys: {title: 1}},
      });
      const first = await generate(open(v1), 'create-todos', '20261203040300');
      const scripts = build(first.file!);
      await open(v1, scripts).migrateSchema();
      // The schema sync changes the index the script made.
      const v2 = withTodoIndexes(v1, {
        todo_title: {keys: {title: 1, isComplete: 1}},
      });
      await open(v2, scripts).migrateSchema();
      const v3 = withTodoIndexes(v2, {todo_done: {keys: {isComplete: 1}}});
      const generated = await generate(
        open(v3, scripts),
        'index-done',
        '20261203040400',
        {dryRun: true},
      );
      // The script drops todo_title before it makes it again: up() runs there.
      expect(
        generated.report.dataSources[0].statements.map(s => s.sql),
      ).to.matchAny(/DROP INDEX\b.*todo_title/i);
      expect(generated.warnings).to.eql([]);
    });

    it("names a property's index the database has under a name PostgreSQL cut to 63 bytes", async () => {
      // PostgreSQL's connector names it todo_<column>_idx: 69 characters.
      const long = 'l'.repeat(60);
      const v1 = todoModels().map(spec =>
        spec.name !== 'Todo'
          ? spec
          : {
              ...spec,
              properties: {...spec.properties, [long]: {type: 'string'}},
            },
      );
      const indexed = (models: ModelSpec[]) =>
        models.map(spec =>
          spec.name !== 'Todo'
            ? spec
            : {
                ...spec,
                properties: {
                  ...spec.properties,
                  [long]: {type: 'string', index: true},
                },
              },
        );
      const first = await generate(open(v1), 'create-todos', '20261203040500');
      const scripts = build(first.file!);
      await open(v1, scripts).migrateSchema();
      const v2 = indexed(v1);
      await open(v2, scripts).migrateSchema();
      const generated = await generate(
        open(v2, scripts),
        'index-long',
        '20261203040600',
        {dryRun: true},
      );
      expect(generated.warnings).to.have.length(1);
      // MySQL names it after the property; PostgreSQL keeps 63 bytes.
      const name = kind === 'mysql' ? long : `todo_${long}_idx`.slice(0, 63);
      expect(generated.warnings[0]).to.startWith(
        `datasource "db": the script adds 1 index(es) its own database already has ("${name}" on `,
      );
    });
  },
);
