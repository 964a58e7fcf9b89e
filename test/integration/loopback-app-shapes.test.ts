import {inject} from '@loopback/core';
import {
  defineCrudRepositoryClass,
  defineModelClass,
  Entity,
  juggler,
  ModelDefinition,
} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {closeApp, MigratingApp, StockApp} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';

/**
 * The shapes of app LoopBack's own `migrateSchema()` tests and users' test
 * suites build by hand, without booting: a repository bound under a key of
 * its own (tagged `repository`, as `findByTag` finds it), and a datasource
 * bound that no repository uses. Each is migrated as the stock mixin does
 * it: the tagged repository's model gets its table, the unused datasource
 * has nothing to do.
 */
function handBuiltApp<A extends MigratingApp | StockApp>(
  AppClass: new () => A,
  db: TestDatabase,
): A {
  const app = new AppClass();
  app.dataSource(new juggler.DataSource({name: 'db', ...db.dataSourceConfig}));
  app.dataSource(
    new juggler.DataSource({name: 'spare', ...db.dataSourceConfig}),
  );
  const memo = defineModelClass<typeof Entity, object>(
    Entity,
    new ModelDefinition('Memo')
      .addProperty('id', {type: 'number', id: true, generated: true})
      .addProperty('text', {type: 'string'}),
  );
  const repositoryClass = defineCrudRepositoryClass(memo);
  inject('datasources.db')(repositoryClass, undefined, 0);
  app.bind('stores.memos').toClass(repositoryClass).tag('repository');
  return app;
}

describeEachDatabase(
  'an app built by hand as LoopBack’s tests build it',
  db => {
    let app: MigratingApp | StockApp | undefined;
    beforeEach(() => dropAllTables(db()));
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
    });

    it('gets the table of a repository bound under its own key, as stock does', async () => {
      app = handBuiltApp(StockApp, db());
      await app.migrateSchema();
      const stock = await tables(db());
      expect(stock).to.containEql('memo');
      await closeApp(app);
      await dropAllTables(db());

      const ours = handBuiltApp(MigratingApp, db());
      app = ours;
      const report = await migrateSchemaWithReport(ours);
      expect(await tables(db())).to.containEql('memo');
      expect(
        report.dataSources.map(d => [d.name, d.status, d.models, d.reason]),
      ).to.eql([
        ['db', 'migrated', ['Memo'], undefined],
        ['spare', 'skipped', [], 'no models are attached to it'],
      ]);
      expect(report.warnings).to.eql([]);
    });

    it('migrates once a datasource bound under two keys, which stock migrates twice', async () => {
      const ours = handBuiltApp(MigratingApp, db());
      app = ours;
      ours.dataSource(
        await ours.get<juggler.DataSource>('datasources.db'),
        'alias',
      );
      try {
        for (const existingSchema of ['alter', 'drop'] as const) {
          const report = await migrateSchemaWithReport(ours, {existingSchema});
          expect(
            report.dataSources.map(d => [d.name, d.status, d.reason]),
          ).to.eql([
            ['db', 'migrated', undefined],
            ['spare', 'skipped', 'no models are attached to it'],
            [
              'alias',
              'skipped',
              'it is the datasource of "db", bound again as "datasources.alias": ' +
                'migrated once, as "db"',
            ],
          ]);
          expect(await tables(db())).to.containEql('memo');
        }
      } finally {
        // closeApp() disconnects each binding's datasource: this one once.
        ours.unbind('datasources.alias');
      }
    });

    it('rebuilds it under its own key, and a second call finds nothing to do', async () => {
      const ours = handBuiltApp(MigratingApp, db());
      app = ours;
      await migrateSchemaWithReport(ours);
      const rebuilt = await migrateSchemaWithReport(ours, {
        existingSchema: 'drop',
        models: ['Memo'],
      });
      expect(rebuilt.dataSources.map(d => [d.name, d.status])).to.eql([
        ['db', 'migrated'],
        ['spare', 'skipped'],
      ]);
      const again = await migrateSchemaWithReport(ours);
      expect(again.dataSources[0]).to.containDeep({
        status: 'up-to-date',
        statements: [],
      });
    });
  },
);
