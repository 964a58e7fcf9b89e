import {expect} from '@loopback/testlab';
import {DataLossError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  todoModels,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';
import {defineScript} from '../support/scripts';

describeEachDatabase('reverting an initial script', (db, kind) => {
  const todo = kind === 'postgresql' ? 'todo' : '`Todo`';
  const todoList = kind === 'postgresql' ? 'todolist' : '`TodoList`';
  let app: MigratingApp | undefined;

  beforeEach(() => dropAllTables(db()));
  afterEach(async () => {
    if (app) await closeApp(app);
    app = undefined;
  });

  it('is refused without acceptDataLoss, changing nothing, and drops the tables with it', async () => {
    // Tables made by the schema sync, before the app adopted scripts.
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, todoModels());
    await app.migrateSchema();
    await db().query(`INSERT INTO ${todoList} (title) VALUES ('Inbox')`);
    app.migrationScript(
      defineScript({
        version: '20261201090000',
        name: 'Initial',
        initial: true,
        up: () =>
          Promise.reject(new Error('an initial script is baselined here')),
        down: ctx => ctx.execute(`DROP TABLE ${todo}, ${todoList}`),
      }),
    );
    const adopted = await app.migrateSchema();
    expect(adopted?.scripts[0]).to.containDeep({status: 'baselined'});

    const error = await rejection(app.revertMigrations());
    expect(error).to.be.instanceOf(DataLossError);
    expect((error as DataLossError).code).to.equal('MIGRATION_DATA_LOSS');
    expect(error.message).to.match(
      /^Revert refused: migration script 20261201090000 \(Initial\) is an initial script .*drops every table of those models with the rows they hold.*Nothing was reverted\..*acceptDataLoss: true \(CLI --accept-data-loss\)/,
    );
    expect(await db().query(`SELECT title FROM ${todoList}`)).to.have.length(1);
    const [status] = await app.migrationStatus();
    expect(status).to.containDeep({
      version: '20261201090000',
      status: 'applied',
    });

    const reverted = await app.revertMigrations({acceptDataLoss: true});
    expect(reverted.scripts[0]).to.containDeep({status: 'reverted'});
    expect(await tables(db())).to.not.containEql(
      kind === 'postgresql' ? 'todo' : 'Todo',
    );
  });
});
