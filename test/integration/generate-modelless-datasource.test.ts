import {expect} from '@loopback/testlab';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {
  buildApp,
  closeApp,
  MigratingApp,
  todoModels,
} from '../support/app-builder';
import {tables} from '../support/catalog';
import {createTestDatabase, describeEachDatabase} from '../support/databases';
import {LIBRARY_MODULE} from '../support/generated-files';
import {skipWithoutShadow} from '../support/generate';

// `lb4 datasource` makes a datasource before any repository uses it: an app
// with a second database datasource and no model on it yet is common.
describeEachDatabase(
  'migrate --generate beside a datasource without models',
  (db, kind) => {
    before(function () {
      skipWithoutShadow(this, db());
    });

    it('plans on the given shadow database for the one datasource with models', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'lsm-modelless-'));
      const shadow = (await createTestDatabase(kind))!;
      const app = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig, spare: db().dataSourceConfig},
        todoModels(),
      );
      try {
        const generated = await app.generateMigrationScript('create-todos', {
          directory: path.join(dir, 'src/migrations'),
          importFrom: LIBRARY_MODULE,
          version: '20261201160000',
          shadowDatabase: shadow.dataSourceConfig,
        });
        expect(generated.changes.map(c => c.dataSource)).to.eql(['db']);
        expect(generated.report.dataSources.map(ds => ds.name)).to.eql(['db']);
        expect(generated.file).to.be.a.String();
        expect(await tables(shadow)).to.eql([]);
      } finally {
        await closeApp(app);
        await shadow.drop();
        rmSync(dir, {recursive: true, force: true});
      }
    });
  },
);
