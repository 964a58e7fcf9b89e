import {expect} from '@loopback/testlab';
import {readdirSync} from 'node:fs';
import path from 'node:path';
import {InvalidMigrationOptionsError} from '../../src';
import {todoModels} from '../support/app-builder';
import {describeEachDatabase} from '../support/databases';
import {todoModelsV2, shadowProject} from '../support/generate';
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
  },
);
