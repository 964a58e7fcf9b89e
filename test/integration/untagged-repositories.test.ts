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
function accountRepositoryClass(dataSource = 'datasources.db') {
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
  inject(dataSource)(AccountRepository, undefined, 0);
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

  // QA on LoopBack's todo-jwt example: its refresh-token repository injects
  // `datasources.refreshdb`, which an app without refresh tokens does not
  // bind; the warning said to bind the repository, which then failed every
  // run ("The key 'datasources.refreshdb' is not bound").
  it('is not named when the datasource it injects is not bound', async () => {
    const TokenRepository = accountRepositoryClass('datasources.refreshdb');
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, []);
    app.bind('services.token.repository').toClass(TokenRepository);
    try {
      const report = await migrateSchemaWithReport(app);
      expect(report.warnings).to.eql([]);
    } finally {
      await closeApp(app);
    }
  });
});
