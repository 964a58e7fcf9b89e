import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, type MigrationScriptClass} from '../../src';
import {todoModels} from '../support/app-builder';
import {describeEachDatabase, type DatabaseKind} from '../support/databases';
import {generateProject} from '../support/generate';
import {defineScript} from '../support/scripts';

/** A table of the todo models, as SQL names it on each database. */
function table(kind: DatabaseKind, model: string): string {
  return kind === 'postgresql' ? model.toLowerCase() : `\`${model}\``;
}

/** Scripts written before generated ones: a seed, and a back-fill run before the sync. */
function handWritten(kind: DatabaseKind): MigrationScriptClass[] {
  return [
    defineScript({
      version: '1.0.0',
      name: 'SeedInbox',
      up: ctx =>
        ctx.execute(
          `INSERT INTO ${table(kind, 'TodoList')} (title) VALUES ('Inbox')`,
        ),
    }),
    defineScript({
      version: '1.1.0',
      name: 'BackfillTitles',
      runs: 'before-schema',
      up: ctx =>
        ctx.execute(
          `UPDATE ${table(kind, 'Todo')} SET title = 'untitled' WHERE title IS NULL`,
        ),
    }),
  ];
}

describeEachDatabase(
  'an initial script after hand-written ones',
  (db, kind) => {
    const {open, generate, build} = generateProject(db, 'initial-order');

    it('runs first on a new database, and on the shadow database of the next --generate', async () => {
      const scripts = handWritten(kind);
      const v1 = todoModels();
      const initial = await generate(
        open(v1, scripts),
        'initial',
        '20261201090000',
        {initial: true},
      );
      const all = [...scripts, ...build(initial.file!)];

      // A new environment: the back-fill (1.1.0) needs the initial's tables.
      const fresh = await migrateSchemaWithReport(open(v1, all), {
        schemaSource: 'scripts',
      });
      expect(fresh.scripts.map(s => [s.version, s.status])).to.eql([
        ['20261201090000', 'applied'],
        ['1.1.0', 'applied'],
        ['1.0.0', 'applied'],
      ]);
      expect(
        await db().query(`SELECT title FROM ${table(kind, 'TodoList')}`),
      ).to.eql([{title: 'Inbox'}]);

      // The next model change is planned on a shadow database the scripts made.
      const v2 = v1.map(spec =>
        spec.name !== 'Todo'
          ? spec
          : {...spec, properties: {...spec.properties, due: {type: 'date'}}},
      );
      const next = await generate(open(v2, all), 'add-due', '20261201090100');
      expect(next.changes.map(c => c.statements.length)).to.eql([1]);
    });
  },
);
