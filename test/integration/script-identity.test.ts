import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {InvalidMigrationScriptError, migrateSchemaWithReport} from '../../src';
import {closeApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {
  BootedApp,
  scriptFile,
  scriptLog,
  sourceMap,
  writeProject,
  type WrittenProject,
} from '../support/migration-files';
import {ledgerVersions} from '../support/scripts';

describeEachDatabase('script identity: the version, not the class name', db => {
  let project: WrittenProject;
  beforeEach(async () => {
    await dropAllTables(db());
    project = writeProject();
    scriptLog().length = 0;
  });
  afterEach(() => project.remove());

  it('runs two scripts of one class name with different versions', async () => {
    project.write({
      'migrations/seed-lists.migration.js': scriptFile('ours', 'Seed', '1.0.0'),
      'migrations/seed-users.migration.js': scriptFile('ours', 'Seed', '2.0.0'),
    });
    const app = new BootedApp(project.dist);
    app.dataSource(
      new juggler.DataSource({name: 'db', ...db().dataSourceConfig}),
    );
    try {
      await app.boot();
      expect(
        app
          .findByTag('migrationScript')
          .map(b => b.key)
          .sort(),
      ).to.eql(['migrationScripts.Seed', 'migrationScripts.Seed.2']);
      const report = await migrateSchemaWithReport(app);
      expect(report.scripts.map(s => [s.version, s.name, s.status])).to.eql([
        ['1.0.0', 'Seed', 'applied'],
        ['2.0.0', 'Seed', 'applied'],
      ]);
      expect(scriptLog()).to.eql(['ours:1.0.0 +ctx', 'ours:2.0.0 +ctx']);
      expect(await ledgerVersions(db())).to.eql(['1.0.0', '2.0.0']);
    } finally {
      await closeApp(app);
    }
  });
});

describe('script identity: one version twice', () => {
  let project: WrittenProject;
  beforeEach(() => (project = writeProject()));
  afterEach(() => project.remove());

  async function bootError(): Promise<Error> {
    const app = new BootedApp(project.dist);
    try {
      await app.boot();
    } catch (err) {
      return err as Error;
    }
    throw new Error('expected boot() to fail');
  }

  it('is an error naming both source files', async () => {
    project.write({
      'migrations/lists.migration.js': scriptFile('ours', 'SeedLists', '1.0.0'),
      'migrations/lists.migration.js.map': sourceMap(
        '../../src/migrations/lists.migration.ts',
      ),
      'migrations/users.migration.js': scriptFile('ours', 'SeedUsers', '1.0.0'),
      'migrations/users.migration.js.map': sourceMap(
        '../../src/migrations/users.migration.ts',
      ),
    });
    const error = await bootError();
    expect(error).to.be.instanceOf(InvalidMigrationScriptError);
    // Files are found in no particular order: either may come first.
    expect(error.message).to.match(
      /Migration script SeedUsers \(\S*src\/migrations\/users\.migration\.ts\) has version "1\.0\.0", which SeedLists \(\S*src\/migrations\/lists\.migration\.ts, binding "migrationScripts\.SeedLists"\) has too|Migration script SeedLists \(\S*src\/migrations\/lists\.migration\.ts\) has version "1\.0\.0", which SeedUsers \(\S*src\/migrations\/users\.migration\.ts, binding "migrationScripts\.SeedUsers"\) has too/,
    );
    expect(error.message).to.match(/Give one of them another version/);
  });

  it('is an error for a stale copy left in dist after a rename', async () => {
    // src/migrations/seed.migration.ts was renamed to seed-lists.migration.ts;
    // the old compiled file stayed in dist, with its class of the same name.
    project.write({
      'migrations/seed.migration.js': scriptFile('ours', 'SeedLists', '1.0.0'),
      'migrations/seed.migration.js.map': sourceMap(
        '../../src/migrations/seed.migration.ts',
      ),
      'migrations/seed-lists.migration.js': scriptFile(
        'ours',
        'SeedLists',
        '1.0.0',
      ),
      'migrations/seed-lists.migration.js.map': sourceMap(
        '../../src/migrations/seed-lists.migration.ts',
      ),
    });
    const error = await bootError();
    expect(error).to.be.instanceOf(InvalidMigrationScriptError);
    expect(error.message).to.match(/src\/migrations\/seed\.migration\.ts/);
    expect(error.message).to.match(
      /src\/migrations\/seed-lists\.migration\.ts/,
    );
    expect(error.message).to.match(
      /a stale copy left in the build output \(e\.g\. after a rename\), delete it/,
    );
  });

  it('names the compiled file when there is no source map', async () => {
    project.write({
      'migrations/a.migration.js': scriptFile('ours', 'Seed', '1.0.0'),
      'migrations/b.migration.js': scriptFile('ours', 'Seed', '1.0.0'),
    });
    const error = await bootError();
    expect(error.message).to.match(
      /Migration script Seed \(\S*dist\/migrations\/[ab]\.migration\.js\) has version "1\.0\.0", which Seed \(\S*dist\/migrations\/[ab]\.migration\.js, binding "migrationScripts\.Seed"\) has too/,
    );
    expect(error.message).to.match(/a\.migration\.js/);
    expect(error.message).to.match(/b\.migration\.js/);
  });

  it('names the file that fails to load, and keeps its error as the cause', async () => {
    project.write({
      'migrations/lists.migration.js': scriptFile('ours', 'SeedLists', '1.0.0'),
      // A syntax error: Node's message names no file.
      'migrations/broken.migration.js':
        'exports.X = class X { version = 1 up() {} };\n',
      'migrations/broken.migration.js.map': sourceMap(
        '../../src/migrations/broken.migration.ts',
      ),
    });
    const error = await bootError();
    expect(error).to.be.instanceOf(InvalidMigrationScriptError);
    expect(error.message).to.match(
      /^Could not load the migration script file \S*dist\/migrations\/broken\.migration\.js \(compiled from \S*src\/migrations\/broken\.migration\.ts\): SyntaxError: Unexpected identifier/,
    );
    expect(error.message).to.match(/Fix it \(and build again\)/);
    expect(error.cause).to.be.instanceOf(SyntaxError);
  });
});
