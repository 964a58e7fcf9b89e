import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  todoModels,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

describeEachDatabase('tables without a model', (db, kind) => {
  beforeEach(() => dropAllTables(db()));

  const table = (name: string) =>
    kind === 'postgresql' ? `"public"."${name}"` : `"${name}"`;

  it('names them in a warning and leaves them as they are', async () => {
    await db().query('CREATE TABLE legacy_orders (id INT PRIMARY KEY)');
    await db().query('INSERT INTO legacy_orders VALUES (1)');
    // Ledgers are not tables without a model.
    await db().query('CREATE TABLE schema_migration_scripts (v INT)');
    const app = buildApp(
      MigratingApp,
      {db: db().dataSourceConfig},
      todoModels(),
    );
    try {
      const plan = await app.planSchemaMigration();
      const warning = plan.dataSources[0].warnings.find(w =>
        w.includes('without a model'),
      );
      expect(warning).to.equal(
        `table without a model in this app: ${table('legacy_orders')}; ` +
          'the migration leaves it as it is (drop what is no longer needed ' +
          'by hand or in a migration script)',
      );
      const report = await migrateSchemaWithReport(app);
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(report.dataSources[0].warnings).to.containEql(warning);
      expect(await db().query('SELECT id FROM legacy_orders')).to.have.length(
        1,
      );
    } finally {
      await closeApp(app);
    }
  });

  it('says what a rebuild leaves, and why a removed model blocks it', async () => {
    const [todo, todoList] = todoModels();
    const before = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      todo,
      todoList,
    ]);
    await before.migrateSchema();
    await closeApp(before);

    // Todo is removed: its table, with a foreign key to TodoList, stays.
    const after = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      todoList,
    ]);
    try {
      const plan = await after.planSchemaMigration();
      expect(plan.dataSources[0].warnings).to.containEql(
        `table without a model in this app: ${table(kind === 'postgresql' ? 'todo' : 'Todo')}; ` +
          'the migration leaves it as it is (drop what is no longer needed ' +
          'by hand or in a migration script)',
      );
      const rebuild = await rejection(
        after.migrateSchema({existingSchema: 'drop'}),
      );
      expect(rebuild.message).to.match(
        /which is not being rebuilt, references it through foreign key "fk_todo_todoListId"\. No model of this app maps to that table \(its model was removed, or it was made by hand\): drop the table or that constraint first/,
      );
      expect(await tables(db())).to.containEql('todo');

      await db().query(
        kind === 'postgresql' ? 'DROP TABLE todo' : 'DROP TABLE `Todo`',
      );
      await db().query('CREATE TABLE audit_log (id INT PRIMARY KEY)');
      const rebuilt = await after.planSchemaMigration({existingSchema: 'drop'});
      expect(rebuilt.dataSources[0].warnings).to.containEql(
        `table without a model in this app: ${table('audit_log')}; ` +
          'a rebuild drops and recreates only the tables of the models it ' +
          'migrates and leaves it as it is (drop what is no longer needed by ' +
          'hand or in a migration script)',
      );
    } finally {
      await closeApp(after);
    }
  });

  it('names a table holding every column of a model whose table was renamed, and how to keep its rows', async () => {
    const old = kind === 'postgresql' ? 'note' : 'Note';
    const first = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      note({}),
    ]);
    await first.migrateSchema().finally(() => closeApp(first));
    await db().query(`INSERT INTO ${old} (title) VALUES ('kept')`);
    const renamed = note({
      postgresql: {table: 'notes'},
      mysql: {table: 'notes'},
    });
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [renamed]);
    try {
      const plan = await app.planSchemaMigration();
      expect(
        plan.dataSources[0].warnings.filter(w => w.startsWith('model Note')),
      ).to.match([
        new RegExp(
          `^model Note: the plan creates table ${escape(table('notes'))}, while table ` +
            `${escape(table(old))}.*, which no model of this app uses, has every column of ` +
            "the model: if it is the model's old table .* rename " +
            `${escape(table(old))} to ${escape(table('notes'))} in a migration script`,
        ),
      ]);
    } finally {
      await closeApp(app);
    }
  });

  // QA on LoopBack's references-many example: a model given both a schema
  // and a table name of its own (`postgresql: {schema: 'fin', table:
  // 'accounts'}`) got no word of its old table.
  it('names the old table of a model moved to another schema under another name', async function () {
    if (kind !== 'postgresql') this.skip();
    const tag = {name: 'Tag', properties: {id: {type: 'number', id: true}}};
    const first = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      tag,
      note({}),
    ]);
    await first.migrateSchema().finally(() => closeApp(first));
    await db().query("INSERT INTO note (title) VALUES ('kept')");
    await db().query('CREATE SCHEMA fin');
    const moved = note({postgresql: {schema: 'fin', table: 'notes'}});
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      tag,
      moved,
    ]);
    try {
      const plan = await app.planSchemaMigration();
      expect(
        plan.dataSources[0].warnings.filter(w => w.startsWith('model Note')),
      ).to.match([
        /^model Note: the plan creates table "fin"\."notes", while table "public"\."note".*, which no model of this app uses, has every column of the model: .* move "public"\."note" to "fin"\."notes" in a migration script/,
      ]);
    } finally {
      await closeApp(app);
      await db().query('DROP SCHEMA fin CASCADE');
    }
  });
});

/** A Note of two columns, on the table its settings give. */
function note(settings: object) {
  return {
    name: 'Note',
    properties: {
      id: {type: 'number', id: true, generated: true},
      title: {type: 'string'},
    },
    settings,
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
