import {expect} from '@loopback/testlab';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {migrateSchemaWithReport, type MigrationScriptClass} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  todoModels,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase, type DatabaseKind} from '../support/databases';
import {buildGenerated} from '../support/generate';
import {LIBRARY_MODULE} from '../support/generated-files';
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
    let dir: string;
    let apps: MigratingApp[];
    const open = (
      models: readonly ModelSpec[],
      scripts: readonly MigrationScriptClass[],
    ) => {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
      for (const script of scripts) app.migrationScript(script);
      apps.push(app);
      return app;
    };

    beforeEach(async () => {
      await dropAllTables(db());
      dir = mkdtempSync(path.join(tmpdir(), 'lsm-initial-order-'));
      apps = [];
    });
    afterEach(async () => {
      for (const app of apps) await closeApp(app);
      rmSync(dir, {recursive: true, force: true});
    });

    it('runs first on a new database, and on the shadow database of the next --generate', async () => {
      const scripts = handWritten(kind);
      const v1 = todoModels();
      const initial = await open(v1, scripts).generateMigrationScript(
        'initial',
        {
          directory: path.join(dir, 'src/migrations'),
          version: '20261201090000',
          importFrom: LIBRARY_MODULE,
          initial: true,
        },
      );
      const all = [
        ...scripts,
        ...buildGenerated(initial.file!, path.join(dir, 'dist')),
      ];

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
      const next = await open(v2, all).generateMigrationScript('add-due', {
        directory: path.join(dir, 'src/migrations'),
        version: '20261201090100',
        importFrom: LIBRARY_MODULE,
      });
      expect(next.changes.map(c => c.statements.length)).to.eql([1]);
    });
  },
);
