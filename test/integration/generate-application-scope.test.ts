import {BindingScope} from '@loopback/core';
import {expect} from '@loopback/testlab';
import {todoModels} from '../support/app-builder';
import {describeEachDatabase} from '../support/databases';
import {generateProject} from '../support/generate';

describeEachDatabase(
  'migrate --generate with a repository bound in application scope',
  db => {
    const {open, generate} = generateProject(db, 'generate-app-scope');

    it('plans on the shadow database (as loopback4-migration binds its MigrationRepository)', async () => {
      const app = open(todoModels());
      const key = 'repositories.TodoRepository';
      app.getBinding(key).inScope(BindingScope.APPLICATION);
      const generated = await generate(app, 'initial', '20261201090000');
      expect(generated.file).to.match(/20261201090000-initial\.migration\.ts$/);
      expect(generated.changes).to.have.length(1);
    });
  },
);
