import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {InvalidMigrationScriptError, migrateSchemaWithReport} from '../../src';
import {closeApp} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';
import {
  BootedApp,
  scriptFile,
  scriptLog,
  sourceMap,
  writeProject,
  type WrittenProject,
} from '../support/migration-files';

describeEachDatabase('a compiled script whose source file was deleted', db => {
  let project: WrittenProject;
  beforeEach(async () => {
    await dropAllTables(db());
    project = writeProject();
    scriptLog().length = 0;
    // The app's sources: src/migrations/ keeps one script; the other,
    // generated and then deleted (as `migrate --generate` says to when it
    // should not have been written), is still compiled in dist.
    mkdirSync(path.join(project.root, 'src/migrations'), {recursive: true});
    writeFileSync(
      path.join(project.root, 'src/migrations/seed.migration.ts'),
      '// the source of seed.migration.js\n',
    );
    project.write({
      'migrations/seed.migration.js': scriptFile('ours', 'Seed', '1.0.0'),
      'migrations/seed.migration.js.map': sourceMap(
        '../../src/migrations/seed.migration.ts',
      ),
      'migrations/20261202062501-add-sku.migration.js': scriptFile(
        'ours',
        'AddSkuMigration',
        '20261202062501',
      ),
      'migrations/20261202062501-add-sku.migration.js.map': sourceMap(
        '../../src/migrations/20261202062501-add-sku.migration.ts',
      ),
    });
  });
  afterEach(() => project.remove());

  it('is refused at boot, naming it and its missing source, and never runs', async () => {
    const app = new BootedApp(project.dist);
    app.dataSource(
      new juggler.DataSource({name: 'db', ...db().dataSourceConfig}),
    );
    try {
      const error = await rejection(
        app.boot().then(() => migrateSchemaWithReport(app)),
      );
      expect(error).to.be.instanceOf(InvalidMigrationScriptError);
      expect((error as Error).message).to.match(
        /^The migration script file \S*dist\/migrations\/20261202062501-add-sku\.migration\.js was compiled from \S*src\/migrations\/20261202062501-add-sku\.migration\.ts, which no longer exists: a stale copy left in the build output/,
      );
      expect((error as Error).message).to.match(/It was not run\. Delete it/);
      expect(scriptLog()).to.eql([]);
      expect(await tables(db())).to.not.containEql('schema_migration_scripts');
    } finally {
      await closeApp(app);
    }
  });

  it('is refused in a subfolder whose source folder was deleted', async () => {
    project.write({
      'migrations/seed.migration.js': scriptFile('ours', 'Seed', '1.0.0'),
      'migrations/seed.migration.js.map': sourceMap(
        '../../src/migrations/seed.migration.ts',
      ),
      'migrations/old/backfill.migration.js': scriptFile(
        'ours',
        'Backfill',
        '0.9.0',
      ),
      'migrations/old/backfill.migration.js.map': sourceMap(
        '../../../src/migrations/old/backfill.migration.ts',
      ),
    });
    const app = new BootedApp(project.dist);
    try {
      const error = await rejection(app.boot());
      expect(error).to.be.instanceOf(InvalidMigrationScriptError);
      expect((error as Error).message).to.match(
        /^The migration script file \S*dist\/migrations\/old\/backfill\.migration\.js was compiled from \S*src\/migrations\/old\/backfill\.migration\.ts, which no longer exists/,
      );
    } finally {
      await closeApp(app);
    }
  });

  it('runs the scripts once the stale file is gone', async () => {
    project.write({
      'migrations/seed.migration.js': scriptFile('ours', 'Seed', '1.0.0'),
      'migrations/seed.migration.js.map': sourceMap(
        '../../src/migrations/seed.migration.ts',
      ),
    });
    const app = new BootedApp(project.dist);
    app.dataSource(
      new juggler.DataSource({name: 'db', ...db().dataSourceConfig}),
    );
    try {
      await app.boot();
      const report = await migrateSchemaWithReport(app);
      expect(report.scripts.map(s => [s.version, s.status])).to.eql([
        ['1.0.0', 'applied'],
      ]);
      expect(scriptLog()).to.eql(['ours:1.0.0 +ctx']);
    } finally {
      await closeApp(app);
    }
  });
});
