import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {
  TodoListRepository,
  TodoRepository,
} from '../../examples/todo/src/repositories';
import {TodoListApplication} from '../fixtures/todo-app/application';
import {closeApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';

/** The todo app as `lb4 app` generates it, without migration scripts. */
class TodoAppWithoutScripts extends TodoListApplication {
  constructor() {
    super();
    this.bootOptions = {
      ...this.bootOptions,
      migrations: {glob: '/migrations/none.migration.js'},
    };
  }
}

async function booted(db: TestDatabase): Promise<TodoAppWithoutScripts> {
  const app = new TodoAppWithoutScripts();
  app.bind('datasources.config.db').to({name: 'db', ...db.dataSourceConfig});
  await app.boot();
  return app;
}

/** The models attached to the app's datasource now. */
async function attached(app: TodoAppWithoutScripts): Promise<string[]> {
  const ds = await app.get<juggler.DataSource>('datasources.db');
  return Object.keys((ds.connector as {_models?: object})._models ?? {});
}

describeEachDatabase('an lb4 app started on a current schema', db => {
  beforeEach(() => dropAllTables(db()));

  it('is answered without resolving its repositories, and works as before', async () => {
    for (const expected of ['migrated', 'up-to-date']) {
      const app = await booted(db());
      try {
        const report = await migrateSchemaWithReport(app);
        expect(report.dataSources[0].status).to.equal(expected);
        // Planned: the repositories were resolved.
        expect(await attached(app)).to.not.be.empty();
      } finally {
        await closeApp(app);
      }
    }
    const app = await booted(db());
    try {
      const report = await migrateSchemaWithReport(app);
      expect(report.dataSources[0]).to.containDeep({
        status: 'up-to-date',
        models: ['TodoList', 'Todo'],
      });
      expect(await attached(app)).to.eql([]);
      // The app resolves them when it uses them, relations included.
      const lists = await app.getRepository(TodoListRepository);
      const todos = await app.getRepository(TodoRepository);
      const list = await lists.create({title: 'inbox'});
      await todos.create({title: 'write', todoListId: list.id});
      const found = await lists.find({include: ['todos']});
      expect(found.map(l => l.todos?.map(t => t.title))).to.eql([['write']]);
    } finally {
      await closeApp(app);
    }
  });
});
