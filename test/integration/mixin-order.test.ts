import {Application} from '@loopback/core';
import {RepositoryMixin} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {MixinOrderError, SchemaMigrationMixin} from '../../src';
import {buildApp, closeApp, TITLED_NOTE} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {noteTable} from '../support/scripts';
import {describeEachDatabase} from '../support/databases';

/** The mixins the wrong way round: LoopBack's `migrateSchema()` outermost. */
class InsideOutApp extends RepositoryMixin(SchemaMigrationMixin(Application)) {}

describeEachDatabase('SchemaMigrationMixin wrapped by RepositoryMixin', db => {
  beforeEach(async () => {
    await dropAllTables(db());
    // A column the model no longer has, holding a value.
    const table = noteTable(db().kind);
    await db().query(
      `CREATE TABLE ${table} (id INT PRIMARY KEY, title TEXT, body TEXT)`,
    );
    await db().query(`INSERT INTO ${table} (id, body) VALUES (1, 'kept')`);
  });

  it('is refused when the app is made, before its migrateSchema() can drop data', async () => {
    let app: InsideOutApp | undefined;
    try {
      expect(() => {
        app = buildApp(InsideOutApp, {db: db().dataSourceConfig}, [
          TITLED_NOTE,
        ]);
      }).to.throw(MixinOrderError, {
        code: 'MIGRATION_MIXIN_ORDER',
        message:
          /Apply SchemaMigrationMixin around RepositoryMixin, as the outermost mixin: .*; or in place of RepositoryMixin, which it then applies itself: class MyApplication extends BootMixin\(ServiceMixin\(SchemaMigrationMixin\(RestApplication\)\)\) \{\}/,
      });
      // Without the check, LoopBack's own autoupdate runs: no guard.
      await app?.migrateSchema();
    } finally {
      if (app) await closeApp(app);
    }
    const rows = await db().query<{body: string}>(
      `SELECT body FROM ${noteTable(db().kind)}`,
    );
    expect(rows.map(r => r.body)).to.eql(['kept']);
  });
});
