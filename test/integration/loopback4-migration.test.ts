import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {MigrationBindings, MigrationComponent} from 'loopback4-migration';
import {
  IrreversibleMigrationError,
  MigrationLedgerError,
  migrateSchemaWithReport,
} from '../../src';
import {closeApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../support/databases';
import {
  BootedApp,
  scriptFile,
  scriptLog,
  writeProject,
  type WrittenProject,
} from '../support/migration-files';
import {rejection} from '../support/rejection';
import {ledgerVersions} from '../support/scripts';

/** loopback4-migration's table of applied versions, as SQL names it. */
function theirTable(db: TestDatabase, model = 'Migration'): string {
  return db.kind === 'postgresql' ? model.toLowerCase() : `\`${model}\``;
}

/** The versions and actions loopback4-migration recorded, in order. */
async function theirRecords(db: TestDatabase, model?: string) {
  const rows = await db.query<{version: string; action: string}>(
    `SELECT version, action FROM ${theirTable(db, model)} ORDER BY changenumber`,
  );
  return rows.map(r => `${r.action} ${r.version}`);
}

/**
 * Boot an app of the project on `dataSource`, with loopback4-migration's
 * component when `theirs` (and its config), run `body`, then stop it.
 */
async function withApp(
  project: WrittenProject,
  dataSource: Record<string, unknown>,
  theirs: false | Record<string, unknown>,
  body: (app: BootedApp) => Promise<void>,
  more: Record<string, Record<string, unknown>> = {},
): Promise<void> {
  const app = new BootedApp(project.dist);
  app.dataSource(new juggler.DataSource({name: 'db', ...dataSource}));
  for (const [name, config] of Object.entries(more)) {
    app.dataSource(new juggler.DataSource({name, ...config}));
  }
  if (theirs) {
    app.configure(MigrationBindings.COMPONENT).to(theirs);
    app.component(MigrationComponent);
  }
  try {
    await app.boot();
    await body(app);
  } finally {
    await app.stop();
    await closeApp(app);
  }
}

/** What an app's main() does: migrate (creating its table too), then start. */
async function migrateThenStart(app: BootedApp): Promise<void> {
  await migrateSchemaWithReport(app);
  await app.start();
}

describe('loopback4-migration next to this package, on a memory datasource', () => {
  let project: WrittenProject;
  beforeEach(() => {
    project = writeProject('1.1.0');
    scriptLog().length = 0;
  });
  afterEach(() => project.remove());

  it('leaves its scripts to it: migrateSchema() runs none, app.start() runs them', async () => {
    project.write({
      'migrations/init.migration.js': scriptFile(
        'loopback4-migration',
        'Init',
        '1.0.0',
      ),
      // Its booter also takes classes with up() and no decorator.
      'migrations/seed.migration.js': scriptFile('none', 'Seed', '1.1.0'),
      'migrations/helper.migration.js':
        "'use strict';\nexports.Helper = class Helper {};\n",
    });
    await withApp(project, {connector: 'memory'}, {}, async app => {
      expect(app.findByTag('migrationScript')).to.eql([]);
      const report = await migrateSchemaWithReport(app);
      expect(report.scripts).to.eql([]);
      expect(scriptLog()).to.eql([]);
      await app.start();
      expect(scriptLog()).to.eql(['loopback4-migration:1.0.0', 'none:1.1.0']);
    });
  });
});

describeEachDatabase('loopback4-migration next to this package', db => {
  let project: WrittenProject;
  beforeEach(async () => {
    await dropAllTables(db());
    project = writeProject('1.1.0');
    scriptLog().length = 0;
  });
  afterEach(() => project.remove());

  it('each runs its own scripts, once', async () => {
    project.write({
      'migrations/init.migration.js': scriptFile(
        'loopback4-migration',
        'Init',
        '1.0.0',
      ),
      'migrations/seed.migration.js': scriptFile('none', 'Seed', '1.1.0'),
      // Ours, with a version loopback4-migration would run (up to 1.1.0)
      // if its booter kept the class it finds (it has an up()).
      'migrations/backfill.migration.js': scriptFile(
        'ours',
        'Backfill',
        '1.0.5',
      ),
    });
    const config = db().dataSourceConfig;
    for (const round of [1, 2]) {
      await withApp(project, config, {}, async app => {
        expect(app.findByTag('migrationScript').map(b => b.key)).to.eql([
          'migrationScripts.Backfill',
        ]);
        const report = await migrateSchemaWithReport(app);
        expect(report.scripts.map(s => [s.version, s.status])).to.eql(
          round === 1 ? [['1.0.5', 'applied']] : [],
        );
        await app.start();
      });
    }
    expect(scriptLog()).to.eql([
      'ours:1.0.5 +ctx',
      'loopback4-migration:1.0.0',
      'none:1.1.0',
    ]);
    expect(await ledgerVersions(db())).to.eql(['1.0.5']);
    expect(await theirRecords(db())).to.eql(['Upgrade 1.0.0', 'Upgrade 1.1.0']);
  });

  it('does not run again the scripts it applied, after their switch to @migrationScript() of this package', async () => {
    const theirs = {
      'migrations/init.migration.js': scriptFile(
        'loopback4-migration',
        'Init',
        '1.0.0',
      ),
      'migrations/seed.migration.js': scriptFile('none', 'Seed', '1.1.0'),
    };
    project.write(theirs);
    const config = db().dataSourceConfig;
    await withApp(project, config, {}, migrateThenStart);
    // A downgrade to 1.0.0 runs down() of 1.1.0: it is not applied any more.
    project.setVersion('1.0.0');
    await withApp(project, config, {}, migrateThenStart);
    expect(scriptLog()).to.eql([
      'loopback4-migration:1.0.0',
      'none:1.1.0',
      'down none:1.1.0',
    ]);
    expect(await theirRecords(db())).to.eql([
      'Upgrade 1.0.0',
      'Upgrade 1.1.0',
      'Downgrade 1.1.0',
    ]);

    // The switch: the same scripts with our decorator, one new; no component.
    scriptLog().length = 0;
    project.write({
      'migrations/init.migration.js': scriptFile('ours', 'Init', '1.0.0'),
      'migrations/seed.migration.js': scriptFile('ours', 'Seed', '1.1.0'),
      'migrations/backfill.migration.js': scriptFile(
        'ours',
        'Backfill',
        '1.2.0',
      ),
    });
    await withApp(project, config, false, async app => {
      const plan = await app.planSchemaMigration();
      expect(plan.scripts.map(s => [s.version, s.status])).to.eql([
        ['1.0.0', 'baselined'],
        ['1.1.0', 'pending'],
        ['1.2.0', 'pending'],
      ]);
      expect(plan.scripts[0].reason).to.match(
        /applied by loopback4-migration \(its table \S+ records it\): counts as applied \(dry run: not recorded\)/,
      );
      expect(
        (await app.migrationStatus()).map(s => [s.version, s.status]),
      ).to.eql([
        ['1.0.0', 'applied'],
        ['1.1.0', 'pending'],
        ['1.2.0', 'pending'],
      ]);

      const report = await migrateSchemaWithReport(app);
      expect(report.scripts.map(s => [s.version, s.status])).to.eql([
        ['1.0.0', 'baselined'],
        ['1.1.0', 'applied'],
        ['1.2.0', 'applied'],
      ]);
      expect(report.scripts[0].reason).to.match(
        /applied by loopback4-migration .*: recorded as applied, not run/,
      );
      expect(scriptLog()).to.eql(['ours:1.1.0 +ctx', 'ours:1.2.0 +ctx']);
      expect(await ledgerVersions(db())).to.eql(['1.0.0', '1.1.0', '1.2.0']);

      const again = await migrateSchemaWithReport(app);
      expect(again.scripts).to.eql([]);

      // Reverted here, 1.0.0 would be adopted again by the next run.
      const refused = await rejection(app.revertMigrations({steps: Infinity}));
      expect(refused).to.be.instanceOf(IrreversibleMigrationError);
      expect(refused.message).to.match(
        /1\.0\.0 \(Init\) on datasource "db": loopback4-migration's table \S+ records it as applied/,
      );
      expect(await ledgerVersions(db())).to.eql(['1.0.0', '1.1.0', '1.2.0']);
    });
    expect(scriptLog()).to.eql(['ours:1.1.0 +ctx', 'ours:1.2.0 +ctx']);
  });

  it('does not run again a switched script of another datasource: its records are in the first one', async () => {
    const other = await createTestDatabase(db().kind);
    if (!other) throw new Error(`no second ${db().kind} database`);
    const both = {other: other.dataSourceConfig};
    try {
      project.write({
        'migrations/seed.migration.js': scriptFile('none', 'Seed', '1.0.0'),
      });
      // Its repository keeps its records in the first datasource, "db".
      await withApp(project, db().dataSourceConfig, {}, migrateThenStart, both);
      expect(await theirRecords(db())).to.eql(['Upgrade 1.0.0']);

      // The script changed "other" all along; switched over, it says so.
      project.write({
        'migrations/seed.migration.js': scriptFile(
          'ours',
          'Seed',
          '1.0.0',
          'other',
        ),
      });
      await withApp(
        project,
        db().dataSourceConfig,
        false,
        async app => {
          expect(
            (await app.migrationStatus()).map(s => [s.version, s.status]),
          ).to.eql([['1.0.0', 'applied']]);
          const report = await migrateSchemaWithReport(app);
          expect(report.scripts.map(s => [s.version, s.status])).to.eql([
            ['1.0.0', 'baselined'],
          ]);
          expect(await ledgerVersions(other)).to.eql(['1.0.0']);
          const refused = await rejection(app.revertMigrations());
          expect(refused).to.be.instanceOf(IrreversibleMigrationError);
        },
        both,
      );
      expect(scriptLog()).to.eql(['none:1.0.0']);
    } finally {
      await other.drop();
    }
  });

  it('runs no script when the datasource of its log cannot be reached, saying why and what to do', async () => {
    project.write({
      'migrations/seed.migration.js': scriptFile('ours', 'Seed', '1.0.0', 'db'),
    });
    // Its config keeps its log in "logs", a database that is down.
    const logs = {...db().dataSourceConfig, host: '127.0.0.1', port: 1};
    await withApp(
      project,
      db().dataSourceConfig,
      {dataSourceName: 'logs'},
      async app => {
        app.dataSource(new juggler.DataSource({name: 'logs', ...logs}));
        const error = await rejection(
          migrateSchemaWithReport(app, {dataSources: ['db']}),
        );
        expect(error).to.be.instanceOf(MigrationLedgerError);
        expect(error.message).to.match(
          /^Could not connect to datasource "logs" \(\w+\), where loopback4-migration keeps its log of applied scripts .*ECONNREFUSED.*None of those scripts was run .*components\.MigrationComponent/s,
        );
        // Never connected: nothing to close.
        app.unbind('datasources.logs');
      },
    );
    expect(scriptLog()).to.eql([]);
  });

  it('reads its table under the modelName of its config', async () => {
    project.write({
      'migrations/init.migration.js': scriptFile(
        'loopback4-migration',
        'Init',
        '1.0.0',
      ),
    });
    const config = db().dataSourceConfig;
    const theirs = {modelName: 'AppliedMigration'};
    await withApp(project, config, theirs, migrateThenStart);
    expect(await theirRecords(db(), 'AppliedMigration')).to.eql([
      'Upgrade 1.0.0',
    ]);
    project.write({
      'migrations/init.migration.js': scriptFile('ours', 'Init', '1.0.0'),
    });
    // Its component stays (with its config), its scripts are ours now.
    await withApp(project, config, theirs, async app => {
      const report = await migrateSchemaWithReport(app);
      expect(report.scripts.map(s => [s.version, s.status])).to.eql([
        ['1.0.0', 'baselined'],
      ]);
      await app.start();
    });
    expect(scriptLog()).to.eql(['loopback4-migration:1.0.0']);
  });
});
