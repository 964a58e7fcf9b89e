import {expect} from '@loopback/testlab';
import {runMigrationCli} from '../../src';
import {StockTodoListApplication} from '../fixtures/todo-app/application';
import {
  buildApp,
  closeApp,
  StockApp,
  TITLED_NOTE,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase} from '../support/databases';

// src/migrate.ts switched to runMigrationCli, the app class not yet wrapped
// in SchemaMigrationMixin: its migrateSchema() is LoopBack's own.
describeEachDatabase('the command line on an app without the mixin', db => {
  let app: StockApp;
  beforeEach(async () => {
    await dropAllTables(db());
    app = buildApp(StockApp, {db: db().dataSourceConfig}, [TITLED_NOTE]);
  });
  afterEach(() => closeApp(app));

  it('migrates nothing, and says to wrap the class in SchemaMigrationMixin', async () => {
    const io = captureIo();
    expect(await runMigrationCli(() => app, [], io)).to.equal(1);
    expect(io.err()).to.match(
      /^Migration failed: the application class is not wrapped in SchemaMigrationMixin: /,
    );
    expect(io.err()).to.match(/Nothing was migrated\./);
    expect(io.err()).to.not.match(/Thrown at/);
    expect(io.out()).to.equal('');
    expect(await tables(db())).to.eql([]);
  });

  it('--json names the error and its code', async () => {
    const io = captureIo();
    expect(await runMigrationCli(() => app, ['--json'], io)).to.equal(1);
    const {error} = JSON.parse(io.out());
    expect(error.name).to.equal('MixinOrderError');
    expect(error.code).to.equal('MIGRATION_MIXIN_ORDER');
    expect(await tables(db())).to.eql([]);
  });

  it('says both ways to apply the mixin on the app lb4 makes: around RepositoryMixin, or in place of it', async () => {
    const lb4App = new StockTodoListApplication();
    lb4App
      .bind('datasources.config.db')
      .to({name: 'db', ...db().dataSourceConfig});
    const io = captureIo();
    try {
      expect(await runMigrationCli(() => lb4App, [], io)).to.equal(1);
    } finally {
      await closeApp(lb4App);
    }
    const err = io.err();
    expect(err).to.containEql(
      'Apply SchemaMigrationMixin around RepositoryMixin, as the outermost mixin: class MyApplication extends ' +
        'SchemaMigrationMixin(BootMixin(ServiceMixin(RepositoryMixin(RestApplication)))) {}',
    );
    expect(err).to.containEql(
      'or in place of RepositoryMixin, which it then applies itself: class MyApplication extends ' +
        'BootMixin(ServiceMixin(SchemaMigrationMixin(RestApplication))) {}',
    );
    expect(await tables(db())).to.eql([]);
  });
});
