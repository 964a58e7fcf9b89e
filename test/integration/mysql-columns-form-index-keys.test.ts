import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {closeApp, type MigratingApp} from '../support/app-builder';
import {withIndex} from '../support/indexed-item';
import {dropAllTables, indexes} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';

describeOnDatabase(
  'mysql',
  'an index of settings.indexes in the columns form, remade (mysql)',
  db => {
    let app: MigratingApp | undefined;
    beforeEach(() => dropAllTables(db()));
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
    });

    /** Migrate with `index` declared, then check the next run is up to date. */
    async function migrate(index?: Record<string, unknown>) {
      if (app) await closeApp(app);
      app = withIndex(db().dataSourceConfig, index);
      const report = await migrateSchemaWithReport(app);
      expect(report.dataSources[0].status).to.equal('migrated');
      const again = await migrateSchemaWithReport(app, {fullCheck: true});
      expect(again.dataSources[0]).to.containDeep({
        status: 'up-to-date',
        statements: [],
      });
      return report.dataSources[0].statements.map(s => s.sql);
    }

    async function byGroup() {
      return (await indexes(db()))
        .filter(i => i.name === 'bygroup')
        .map(({columns, unique}) => ({columns, unique}));
    }

    it('quotes keys named like reserved words, in CREATE TABLE and when made unique', async () => {
      await migrate({columns: 'group, code'});
      expect(await byGroup()).to.eql([{columns: 'group,code', unique: false}]);
      const sql = await migrate({columns: 'group, code', kind: 'UNIQUE'});
      expect(sql).to.match([
        /^ALTER TABLE `Item` DROP INDEX `byGroup`, ADD UNIQUE INDEX `byGroup` \(`group`,`code`\)/,
      ]);
      expect(await byGroup()).to.eql([{columns: 'group,code', unique: true}]);
    });

    it('keeps directions and prefix lengths of the keys it quotes, and settles', async () => {
      await migrate();
      const added = await migrate({columns: 'group(10) DESC, code ASC'});
      expect(added).to.match([
        /^ALTER TABLE `Item` ADD\s+INDEX\s+`byGroup` \(`group`\(10\) DESC,`code` ASC\)/,
      ]);
      const sql = await migrate({
        columns: 'group(10) DESC, code ASC',
        options: {unique: true},
      });
      expect(sql).to.match([
        /^ALTER TABLE `Item` DROP INDEX `byGroup`, ADD UNIQUE INDEX\s+`byGroup` \(`group`\(10\) DESC,`code` ASC\)/,
      ]);
      expect(await byGroup()).to.eql([{columns: 'group,code', unique: true}]);
    });
  },
);
