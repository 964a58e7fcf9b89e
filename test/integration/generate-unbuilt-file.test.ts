import {expect} from '@loopback/testlab';
import {readdirSync} from 'node:fs';
import path from 'node:path';
import {InvalidMigrationOptionsError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  todoModels,
  type ModelSpec,
} from '../support/app-builder';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../support/databases';
import {
  buildGenerated,
  shadowProject,
  TAG,
  todoModelsV2,
} from '../support/generate';
import {LIBRARY_MODULE} from '../support/generated-files';
import {rejection} from '../support/rejection';

describeEachDatabase(
  'generating while an earlier generated file is not built',
  db => {
    const project = shadowProject(db, 'unbuilt');
    const {open, generate} = project;

    it('refuses, naming the file: the new script would repeat its changes', async () => {
      const v1 = todoModels();
      await generate(open(v1), 'create-todos', '20261130225500');
      // The developer edits a model and generates again, without a build.
      const error = await rejection(
        generate(open(todoModelsV2(v1)), 'add-priority', '20261130225600'),
      );
      expect(error).to.be.instanceOf(InvalidMigrationOptionsError);
      expect(error.message).to.match(
        /20261130225500-create-todos\.migration\.ts, written by an earlier migrate --generate, is not among the app's migration scripts .*Build first \(npm run build\)/,
      );
      expect(readdirSync(path.join(project.dir, 'src/migrations'))).to.eql([
        '20261130225500-create-todos.migration.ts',
      ]);
    });

    it('generates once that file is built and registered', async () => {
      const v1 = todoModels();
      const first = await generate(open(v1), 'create-todos', '20261130225500');
      const scripts = project.build(first.file!);
      const second = await generate(
        open(todoModelsV2(v1), scripts),
        'add-priority',
        '20261130225600',
      );
      expect(second.file).to.match(
        /20261130225600-add-priority\.migration\.ts$/,
      );
      expect(
        second.changes[0].statements.map(s => s.sql).join('\n'),
      ).to.not.match(/CREATE TABLE/);
    });

    describe('a file of several datasources (its scripts are <version>-<datasource>)', () => {
      let other: TestDatabase | undefined;
      const apps: MigratingApp[] = [];
      afterEach(async () => {
        for (const app of apps.splice(0)) await closeApp(app);
        await other?.drop();
        other = undefined;
      });

      /** An app of the models on `db` and Tag on `tags`, a database of its own. */
      async function openBoth(
        models: readonly ModelSpec[],
        scripts: ReturnType<typeof buildGenerated> = [],
      ): Promise<MigratingApp> {
        other ??= (await createTestDatabase(db().kind))!;
        const app = buildApp(
          MigratingApp,
          {db: db().dataSourceConfig, tags: other.dataSourceConfig},
          [...models, {...TAG, dataSource: 'tags'}],
        );
        for (const script of scripts) app.migrationScript(script);
        apps.push(app);
        return app;
      }

      function generateBoth(app: MigratingApp, name: string, version: string) {
        return app.generateMigrationScript(name, {
          directory: path.join(project.dir, 'src/migrations'),
          version,
          importFrom: LIBRARY_MODULE,
        });
      }

      it('generates once that file is built and registered', async () => {
        const v1 = todoModels();
        const first = await generateBoth(
          await openBoth(v1),
          'create-all',
          '20261205001000',
        );
        const scripts = buildGenerated(
          first.file!,
          path.join(project.dir, 'dist'),
        );
        expect(scripts.map(s => new s().version).sort()).to.eql([
          '20261205001000-db',
          '20261205001000-tags',
        ]);
        const second = await generateBoth(
          await openBoth(todoModelsV2(v1), scripts),
          'add-priority',
          '20261205001100',
        );
        expect(second.file).to.match(
          /20261205001100-add-priority\.migration\.ts$/,
        );
        expect(second.changes.map(c => c.dataSource)).to.eql(['db']);
      });

      it('refuses while it is not built, naming it', async () => {
        const v1 = todoModels();
        await generateBoth(await openBoth(v1), 'create-all', '20261205001000');
        const error = await rejection(
          generateBoth(
            await openBoth(todoModelsV2(v1)),
            'add-priority',
            '20261205001100',
          ),
        );
        expect(error).to.be.instanceOf(InvalidMigrationOptionsError);
        expect(error.message).to.match(
          /20261205001000-create-all\.migration\.ts, written by an earlier migrate --generate, is not among the app's migration scripts/,
        );
      });
    });
  },
);
