import {expect} from '@loopback/testlab';
import {inject} from '@loopback/core';
import {
  defineCrudRepositoryClass,
  defineModelClass,
  Entity,
  ModelDefinition,
} from '@loopback/repository';
import {migrateSchemaWithReport} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

/**
 * A repository class as `@loopback/authentication-jwt` binds its
 * `UserRepository`: `app.bind(key).toClass(UserRepository)`, without the
 * `repository` tag that `migrateSchema()` finds repositories by.
 */
function accountRepositoryClass() {
  const Account = defineModelClass<typeof Entity, object>(
    Entity,
    new ModelDefinition({
      name: 'Account',
      properties: {
        id: {type: 'number', id: true, generated: true},
        email: {type: 'string'},
      },
    }),
  );
  const AccountRepository = defineCrudRepositoryClass(Account);
  inject('datasources.db')(AccountRepository, undefined, 0);
  return AccountRepository;
}

describeEachDatabase('a repository bound without the repository tag', db => {
  beforeEach(() => dropAllTables(db()));

  it('is named in a warning saying how to migrate it, which then works', async () => {
    const AccountRepository = accountRepositoryClass();
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, []);
    app.bind('services.user.repository').toClass(AccountRepository);
    try {
      const report = await migrateSchemaWithReport(app);
      expect(report.warnings).to.match([
        /^repository AccountRepository is bound at "services\.user\.repository" without the "repository" tag: migrateSchema\(\) does not migrate its model .* app\.repository\(AccountRepository\)/,
      ]);
      expect((await tables(db())).map(t => t.toLowerCase())).to.not.containEql(
        'account',
      );

      app.repository(AccountRepository);
      const after = await migrateSchemaWithReport(app);
      expect(after.warnings).to.eql([]);
      expect(after.dataSources[0].models).to.eql(['Account']);
      expect((await tables(db())).map(t => t.toLowerCase())).to.containEql(
        'account',
      );
    } finally {
      await closeApp(app);
    }
  });
});
