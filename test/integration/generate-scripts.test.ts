import {expect} from '@loopback/testlab';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {buildApp, closeApp, MigratingApp, todoModels} from '../support/app-builder';
import {catalog, dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {LIBRARY_MODULE} from '../support/generated-files';

describeEachDatabase('generateMigrationScript()', db => {
  let app: MigratingApp;
  let dir: string;
  beforeEach(async () => {
    await dropAllTables(db());
    dir = mkdtempSync(path.join(tmpdir(), 'lsm-generate-'));
  });
  afterEach(async () => {
    await closeApp(app);
    rmSync(dir, {recursive: true, force: true});
  });

  it('writes the whole schema from an empty database', async () => {
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, todoModels());
    const before = await catalog(db());
    const result = await app.generateMigrationScript('create-todos', {
      directory: dir,
      version: '20261130225500',
      importFrom: LIBRARY_MODULE,
    });
    expect(result.file).to.be.a.String();
    console.log(readFileSync(result.file!, 'utf8'));
    expect(await catalog(db())).to.eql(before);
  });
});
