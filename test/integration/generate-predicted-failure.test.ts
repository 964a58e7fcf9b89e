import {expect} from '@loopback/testlab';
import {ShadowDatabaseError} from '../../src';
import {todoModels, type ModelSpec} from '../support/app-builder';
import {describeEachDatabase} from '../support/databases';
import {generateProject} from '../support/generate';
import {rejection} from '../support/rejection';

/** Todo's `todoListId` a string, with or without its foreign key to TodoList. */
function mismatchedKey(withKey: boolean): ModelSpec[] {
  return todoModels().map(spec =>
    spec.name === 'Todo'
      ? {
          ...spec,
          properties: {...spec.properties, todoListId: {type: 'string'}},
          settings: withKey ? spec.settings : {},
        }
      : spec,
  );
}

describeEachDatabase(
  'generateMigrationScript(): a statement the plan predicts to fail',
  db => {
    const project = generateProject(db, 'generate-predicted');
    const {open, generate} = project;

    it('says what the plan predicted and how to fix the model, not to write a back-fill', async () => {
      const first = await generate(
        open(mismatchedKey(false)),
        'create-todos',
        '20261130225500',
      );
      const [createTodos] = project.build(first.file!);
      const error = await rejection(
        generate(
          open(mismatchedKey(true), [createTodos]),
          'add-todo-list-fk',
          '20261201090000',
        ),
      );
      expect(error).to.be.instanceOf(ShadowDatabaseError);
      const message = (error as Error).message;
      expect(message).to.match(
        /^The planned statement 1 of datasource "db" fails on the shadow database, as the plan predicted: foreign key "fk_todo_todoListId": column "todoListId" is \S+, but the column it references, \S+ is \S+; .*To fix it, give the property whose column is "todoListId" the type of the key it references.*; nothing was written\. Statement: /i,
      );
      expect(message).to.not.match(/back-fill/);
    });
  },
);
