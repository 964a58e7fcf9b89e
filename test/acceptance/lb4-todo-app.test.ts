import {migrateSchemaWithReport} from '../../src';
import {expect} from '@loopback/testlab';
import {
  InPlaceTodoListApplication,
  StockTodoListApplication,
  TodoListApplication,
} from '../fixtures/todo-app/application';
import {
  TodoListRepository,
  TodoRepository,
} from '../../examples/todo/src/repositories';
import {closeApp} from '../support/app-builder';
import {columns, foreignKeys, tables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';

async function bootApp<
  A extends
    TodoListApplication | InPlaceTodoListApplication | StockTodoListApplication,
>(AppClass: new () => A, db: TestDatabase): Promise<A> {
  const app = new AppClass();
  app.bind('datasources.config.db').to({name: 'db', ...db.dataSourceConfig});
  await app.boot();
  return app;
}

async function expectTodoSchema(db: TestDatabase): Promise<void> {
  // The app's migration script (migrations/) is recorded in the ledger table.
  expect(await tables(db)).to.eql([
    'schema_migration_scripts',
    'todo',
    'todolist',
  ]);
  const todoColumns = (await columns(db, 'todo')).map(c => c.column);
  expect(todoColumns).to.eql([
    'id',
    'title',
    'desc',
    'iscomplete',
    'todolistid',
  ]);
  const listColumns = (await columns(db, 'todolist')).map(c => c.column);
  expect(listColumns).to.eql(['id', 'title', 'color']);
  expect(await foreignKeys(db)).to.eql([
    {
      name: 'fk_todo_todolistid',
      table: 'todo',
      column: 'todolistid',
      targetTable: 'todolist',
      targetColumn: 'id',
    },
  ]);
}

describeEachDatabase('an app made by the lb4 CLI', db => {
  afterEach(async () => {
    await db().query(
      db().kind === 'postgresql'
        ? 'DROP TABLE IF EXISTS todo, todolist'
        : 'DROP TABLE IF EXISTS `Todo`, `TodoList`',
    );
  });

  it('fails its first migration with the stock mixin (the bug we fix)', async () => {
    const app = await bootApp(StockTodoListApplication, db());
    try {
      await expect(app.migrateSchema()).to.be.rejected();
    } finally {
      await closeApp(app);
    }
  });

  it('migrates from empty, then finds nothing to do, then rebuilds twice', async () => {
    const app = await bootApp(TodoListApplication, db());
    try {
      const first = await migrateSchemaWithReport(app);
      expect(first.operation).to.equal('autoupdate');
      expect(first.dataSources).to.have.length(1);
      const [created] = first.dataSources;
      expect(created).to.containDeep({
        name: 'db',
        connector: db().kind,
        status: 'migrated',
        models: ['TodoList', 'Todo'],
      });
      // Both tables, Todo's foreign key (in its CREATE TABLE) among them.
      expect(created.statements.length).to.be.aboveOrEqual(2);
      expect(
        created.statements.filter(s => /FOREIGN KEY/i.test(s.sql)),
      ).to.have.length(1);
      await expectTodoSchema(db());

      const second = await migrateSchemaWithReport(app);
      expect(second.dataSources[0].status).to.equal('up-to-date');
      expect(second.dataSources[0].statements).to.eql([]);
      await expectTodoSchema(db());

      const lists = await app.getRepository(TodoListRepository);
      const todos = await app.getRepository(TodoRepository);
      const list = await lists.create({title: 'groceries'});
      await todos.create({title: 'milk', todoListId: list.id!});

      for (const attempt of [1, 2]) {
        const rebuilt = await migrateSchemaWithReport(app, {
          existingSchema: 'drop',
        });
        expect(rebuilt.operation).to.equal('automigrate');
        expect(rebuilt.dataSources[0].status).to.equal('migrated');
        await expectTodoSchema(db());
        expect(await todos.count()).to.eql({count: 0});
        // Rebuilt tables take rows again, and the key is enforced.
        const again = await lists.create({title: `list ${attempt}`});
        await todos.create({title: 'bread', todoListId: again.id!});
        await expect(
          todos.create({title: 'orphan', todoListId: 99999}),
        ).to.be.rejected();
      }
    } finally {
      await closeApp(app);
    }
  });

  it('boots and migrates with SchemaMigrationMixin in place of RepositoryMixin', async () => {
    const app = await bootApp(InPlaceTodoListApplication, db());
    try {
      const first = await migrateSchemaWithReport(app);
      expect(first.dataSources.map(d => [d.name, d.status, d.models])).to.eql([
        ['db', 'migrated', ['TodoList', 'Todo']],
      ]);
      await expectTodoSchema(db());
      // The booters bound the repositories through RepositoryMixin's methods.
      const lists = await app.getRepository(TodoListRepository);
      await lists.create({title: 'groceries'});
      const second = await migrateSchemaWithReport(app);
      expect(second.dataSources[0].status).to.equal('up-to-date');
    } finally {
      await closeApp(app);
    }
  });

  it('called before boot(), migrates nothing and says to boot first', async () => {
    const app = new TodoListApplication();
    app
      .bind('datasources.config.db')
      .to({name: 'db', ...db().dataSourceConfig});
    try {
      const early = await migrateSchemaWithReport(app);
      expect(early).to.containDeep({dataSources: [], scripts: []});
      expect(early.warnings).to.eql([
        "no datasource is bound (no binding tagged 'datasource'): nothing " +
          'was migrated. An app with BootMixin binds its datasources in ' +
          'app.boot(): call it before migrateSchema()',
      ]);
      expect(await tables(db())).to.not.containEql('todo');

      await app.boot();
      const booted = await migrateSchemaWithReport(app);
      expect(booted.dataSources.map(d => [d.name, d.status])).to.eql([
        ['db', 'migrated'],
      ]);
      expect(booted.warnings).to.eql([]);
      await expectTodoSchema(db());
    } finally {
      await closeApp(app);
    }
  });

  it('keeps the migrate script of the generated app working: {rebuild: true}', async () => {
    const app = await bootApp(TodoListApplication, db());
    try {
      await migrateSchemaWithReport(app);
      const report = await migrateSchemaWithReport(app, {rebuild: true});
      expect(report.operation).to.equal('automigrate');
      await expectTodoSchema(db());
    } finally {
      await closeApp(app);
    }
  });
});
