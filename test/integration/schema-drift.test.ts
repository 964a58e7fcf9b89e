import type {SchemaMigrationOptions as LoopBackMigrationOptions} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {
  migrateSchemaWithReport,
  runMigrationCli,
  SchemaDriftError,
  type MigrationScriptClass,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  TITLED_NOTE,
  todoModels,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {
  createTestDatabase,
  describeEachDatabase,
  skipOnEmbedded,
} from '../support/databases';
import {
  buildGenerated,
  schemaOf,
  todoModelsV2,
  todoModelsV3,
  withRequiredIsComplete,
} from '../support/generate';
import {LIBRARY_MODULE} from '../support/generated-files';
import {rejection} from '../support/rejection';
import {defineScript} from '../support/scripts';

describeEachDatabase("schemaSource: 'scripts'", (db, kind) => {
  let dir: string;
  let apps: MigratingApp[];
  let createTodos: MigrationScriptClass;
  const open = (models: readonly ModelSpec[], scripts = [createTodos]) => {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    for (const script of scripts) app.migrationScript(script);
    apps.push(app);
    return app;
  };
  const todo = kind === 'postgresql' ? 'todo' : 'Todo';
  /**
   * The scripts applied, then the schema sync makes `models` here, then a
   * script of that change is generated (in a folder of its own): pending
   * here, though this database has its change. The app's scripts.
   */
  const syncedAheadOfItsScript = async (
    models: readonly ModelSpec[],
    name: string,
    version: string,
  ) => {
    await migrateSchemaWithReport(open(todoModels()), {
      schemaSource: 'scripts',
    });
    await migrateSchemaWithReport(open(models));
    const folder = path.join(dir, name);
    const generated = await open(models).generateMigrationScript(name, {
      directory: path.join(folder, 'src/migrations'),
      version,
      importFrom: LIBRARY_MODULE,
    });
    return [
      createTodos,
      ...buildGenerated(generated.file!, path.join(folder, 'dist')),
    ];
  };

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lsm-drift-'));
    apps = [];
    const generated = await open(todoModels(), []).generateMigrationScript(
      'create-todos',
      {
        directory: path.join(dir, 'src/migrations'),
        version: '20261130225500',
        importFrom: LIBRARY_MODULE,
      },
    );
    [createTodos] = buildGenerated(generated.file!, path.join(dir, 'dist'));
    for (const app of apps) await closeApp(app);
  });
  // `dir` is unset when the suite was skipped (its server unreachable).
  after(() => dir && rmSync(dir, {recursive: true, force: true}));
  beforeEach(async () => {
    await dropAllTables(db());
    apps = [];
  });
  afterEach(async () => {
    for (const app of apps) await closeApp(app);
  });

  it('changes the schema only through the scripts, and finds no drift when they match the models', async () => {
    const report = await migrateSchemaWithReport(open(todoModels()), {
      schemaSource: 'scripts',
    });
    expect(report.scripts.map(s => s.status)).to.eql(['applied']);
    expect(report.dataSources.map(ds => [ds.status, ds.statements])).to.eql([
      ['up-to-date', []],
    ]);
    expect(report.warnings).to.eql([]);
  });

  it('reports a model change no script covers as SchemaDriftError, changing nothing beyond the scripts', async () => {
    const error = await rejection(
      migrateSchemaWithReport(open(todoModelsV2(todoModels())), {
        schemaSource: 'scripts',
      }),
    );
    expect(error).to.be.instanceOf(SchemaDriftError);
    const drift = error as SchemaDriftError;
    expect(drift.code).to.equal('MIGRATION_SCHEMA_DRIFT');
    expect(drift.message).to.match(/model Todo: column "priority" is missing/);
    expect(drift.message).to.match(/migrate --generate NAME/);
    expect(drift.statements.map(s => s.sql).join('\n')).to.match(/priority/);
    // The script ran; the schema has no priority column.
    expect(drift.report.scripts.map(s => s.status)).to.eql(['applied']);
    const columns = (await schemaOf(db())).columns.map(c => c.column);
    expect(columns).to.not.containEql('priority');
  });

  it('reports a new model no script covers as one difference, its table, not the statements sent before it', async () => {
    const error = await rejection(
      migrateSchemaWithReport(open([...todoModels(), TITLED_NOTE]), {
        schemaSource: 'scripts',
      }),
    );
    expect(error).to.be.instanceOf(SchemaDriftError);
    const drift = error as SchemaDriftError;
    // PostgreSQL's connector sends CREATE SCHEMA / CREATE EXTENSION IF NOT
    // EXISTS before a table: they ensure shared objects, they differ in nothing.
    expect(drift.statements.map(s => s.model)).to.eql(['Note']);
    expect(drift.message).to.match(
      /: 1 difference\(s\) no script covers:\n {2}- datasource "db", model Note: the table is missing\n/,
    );
    expect(drift.message).to.not.match(/IF NOT EXISTS/);
  });

  it('reports a column added by hand as drift, or as a warning with schemaDrift: warn', async () => {
    await migrateSchemaWithReport(open(todoModels()), {
      schemaSource: 'scripts',
    });
    await db().query(`ALTER TABLE ${quoted(kind, todo)} ADD COLUMN extra INT`);
    const error = await rejection(
      migrateSchemaWithReport(open(todoModels()), {schemaSource: 'scripts'}),
    );
    expect(error).to.be.instanceOf(SchemaDriftError);
    expect((error as Error).message).to.match(
      /column "extra" is in the database but not in the models/,
    );
    const warned = await migrateSchemaWithReport(open(todoModels()), {
      schemaSource: 'scripts',
      schemaDrift: 'warn',
    });
    expect(warned.warnings.join('\n')).to.match(
      /1 difference\(s\) no script covers/,
    );
    // Nothing dropped the hand-made column.
    const columns = (await schemaOf(db())).columns.map(c => c.column);
    expect(columns).to.containEql('extra');
  });

  it("says on the command line where schemaDrift: 'warn' goes, which has no flag, and the way it says works", async () => {
    await migrateSchemaWithReport(open(todoModels()), {
      schemaSource: 'scripts',
    });
    await db().query(`ALTER TABLE ${quoted(kind, todo)} ADD COLUMN extra INT`);
    const refused = captureIo();
    const app = open(todoModels());
    expect(
      await runMigrationCli(() => app, ['--schema-source', 'scripts'], refused),
    ).to.equal(4);
    const advice = refused.err();
    expect(advice).to.match(/column "extra" is in the database/);
    expect(advice).to.match(
      /schemaDrift: 'warn' reports it without failing\. No flag sets it: pass it on in a migrateSchema\(\) override of the application class, `async migrateSchema\(options\?: SchemaMigrationOptions\) \{ await super\.migrateSchema\(\{\.\.\.options, schemaDrift: 'warn'\}\); \}`, which migrate runs/,
    );
    // The override it shows, in an app.
    class DriftTolerantApp extends MigratingApp {
      override async migrateSchema(options?: LoopBackMigrationOptions) {
        await super.migrateSchema({...options, schemaDrift: 'warn'});
      }
    }
    const tolerant = buildApp(
      DriftTolerantApp,
      {db: db().dataSourceConfig},
      todoModels(),
    );
    apps.push(tolerant);
    const warned = captureIo();
    expect(
      await runMigrationCli(
        () => tolerant,
        ['--schema-source', 'scripts'],
        warned,
      ),
    ).to.equal(0);
    expect(warned.err() + warned.out()).to.match(
      /1 difference\(s\) no script covers/,
    );
    // The deploy runs the scripts only, as its dry run and check say.
    expect(warned.out()).to.startWith('Schema migration (scripts only)\n');
  });

  it('--check --schema-source scripts: 3 with scripts pending, 4 for a model change no script covers, 0 when clean, 4 on drift', async function () {
    skipOnEmbedded(
      this,
      db(),
      'an embedded PostgreSQL has one database: the shadow database would be this one',
    );
    const check = async (models: readonly ModelSpec[]) => {
      const io = captureIo();
      const code = await runMigrationCli(
        () => open(models),
        ['--check', '--schema-source', 'scripts'],
        io,
      );
      return {code, out: io.out(), err: io.err()};
    };
    const pending = await check(todoModels());
    expect(pending.code).to.equal(3);
    // It compared the models with the scripts: no advice to do so.
    expect(pending.out).to.not.match(/warning:/);
    // What the deploy does: the scripts, never the models' statements.
    expect(pending.out).to.startWith(
      'Schema check (scripts only): 1 migration script(s) pending, which make ' +
        'the schema the models need (compared on a shadow database)\n' +
        `  db (${kind}): 1 migration script(s) pending, `,
    );
    expect(pending.out).to.not.match(/statement\(s\) pending|\d+ statements/);
    // Scripts pending: the models are compared with them on a shadow database.
    const uncovered = await check(todoModelsV2(todoModels()));
    expect(uncovered.code).to.equal(4);
    expect(uncovered.err).to.match(
      /after every migration script \(pending ones included, applied to a shadow database\).*\n.*column "priority" is missing/,
    );
    // The drift is that comparison: no warning that it was not made.
    expect(uncovered.out + uncovered.err).to.not.match(/not compared/);
    expect((await schemaOf(db())).columns).to.eql([]);
    await migrateSchemaWithReport(open(todoModels()), {
      schemaSource: 'scripts',
    });
    expect((await check(todoModels())).code).to.equal(0);
    const drifted = await check(todoModelsV2(todoModels()));
    expect(drifted.code).to.equal(4);
    expect(drifted.err).to.match(/column "priority" is missing/);
  });

  it("--check --schema-source scripts: 4 when the database has a pending script's change already (the schema sync made it), 0 once that script is recorded", async function () {
    skipOnEmbedded(
      this,
      db(),
      'an embedded PostgreSQL has one database: the shadow database would be this one',
    );
    const v2 = todoModelsV2(todoModels());
    const scripts = await syncedAheadOfItsScript(
      v2,
      'add-priority',
      '20261201090000',
    );
    const cli = async (...args: string[]) => {
      const io = captureIo();
      const code = await runMigrationCli(() => open(v2, scripts), args, io);
      return {code, out: io.out(), err: io.err()};
    };
    const check = await cli('--check', '--schema-source', 'scripts');
    expect(check.code).to.equal(4);
    expect(check.err).to.match(
      /^The database is not what its applied migration scripts make, which the pending ones start from .*\n {2}- datasource "db", model Todo: column "priority" is missing after its applied scripts, but not here\n/,
    );
    expect(check.err).to.match(/migrate --baseline <its version>/);
    // The version of the file records its every part (PostgreSQL's +online).
    const baseline = await cli('--baseline', '20261201090000');
    expect(baseline).to.containDeep({code: 0, err: ''});
    expect((await cli('--check', '--schema-source', 'scripts')).code).to.equal(
      0,
    );
  });

  it('--check --schema-source scripts: 4 when the schema sync dropped a foreign key a pending script drops', async function () {
    skipOnEmbedded(
      this,
      db(),
      'an embedded PostgreSQL has one database: the shadow database would be this one',
    );
    const unkeyed = todoModels().map(spec =>
      spec.name === 'Todo' ? {...spec, settings: {}} : spec,
    );
    const scripts = await syncedAheadOfItsScript(
      unkeyed,
      'drop-list-key',
      '20261201100000',
    );
    const io = captureIo();
    const code = await runMigrationCli(
      () => open(unkeyed, scripts),
      ['--check', '--schema-source', 'scripts'],
      io,
    );
    expect(code).to.equal(4);
    expect(io.err()).to.containEql(
      '\n  - datasource "db", model Todo: constraint "fk_todo_todoListId" is in the database but not in the models after its applied scripts, but not here\n',
    );
  });

  it('--check --schema-source scripts: 3 for a pending back-fill over rows an applied script stored, which the models alone would refuse', async function () {
    skipOnEmbedded(
      this,
      db(),
      'an embedded PostgreSQL has one database: the shadow database would be this one',
    );
    const isComplete = quoted(
      kind,
      kind === 'postgresql' ? 'iscomplete' : 'isComplete',
    );
    const seed = defineScript({
      version: '20261130225600',
      runs: 'before-schema',
      up: ctx =>
        ctx.execute(`INSERT INTO ${quoted(kind, todo)} (title) VALUES ('a')`),
    });
    await migrateSchemaWithReport(open(todoModels(), [createTodos, seed]), {
      schemaSource: 'scripts',
    });
    // Pending: the back-fill, then NOT NULL. On what the applied scripts
    // make, the models' own NOT NULL fails over the seeded NULL.
    const requireIsComplete = defineScript({
      version: '20261130225700',
      runs: 'before-schema',
      up: async ctx => {
        await ctx.execute(
          `UPDATE ${quoted(kind, todo)} SET ${isComplete} = false WHERE ${isComplete} IS NULL`,
        );
        await ctx.execute(
          kind === 'postgresql'
            ? `ALTER TABLE "todo" ALTER COLUMN "iscomplete" SET NOT NULL`
            : 'ALTER TABLE `Todo` MODIFY `isComplete` TINYINT(1) NOT NULL',
        );
      },
    });
    const io = captureIo();
    const code = await runMigrationCli(
      () =>
        open(withRequiredIsComplete(todoModels()), [
          createTodos,
          seed,
          requireIsComplete,
        ]),
      ['--check', '--schema-source', 'scripts'],
      io,
    );
    expect({code, err: io.err()}).to.eql({code: 3, err: ''});
  });

  it('--check --schema-source scripts: 3 for a pending script that drops stored values, as the deploy runs it without --accept-data-loss', async function () {
    skipOnEmbedded(
      this,
      db(),
      'an embedded PostgreSQL has one database: the shadow database would be this one',
    );
    await migrateSchemaWithReport(open(todoModels()), {
      schemaSource: 'scripts',
    });
    await db().query(
      `INSERT INTO ${quoted(kind, todo)} (title, ${quoted(kind, kind === 'postgresql' ? 'iscomplete' : 'isComplete')}) VALUES ('a', true)`,
    );
    // A reviewed script of the model change: it drops the column and its values.
    const dropIsComplete = defineScript({
      version: '20261130225600',
      runs: 'before-schema',
      up: ctx =>
        ctx.execute(
          `ALTER TABLE ${quoted(kind, todo)} DROP COLUMN ${quoted(kind, kind === 'postgresql' ? 'iscomplete' : 'isComplete')}`,
        ),
    });
    const v3 = todoModelsV3(todoModels());
    const io = captureIo();
    const code = await runMigrationCli(
      () => open(v3, [createTodos, dropIsComplete]),
      ['--check', '--schema-source', 'scripts'],
      io,
    );
    // The deploy runs the script, never the models' statements: it is
    // not refused for their data loss.
    expect({code, err: io.err()}).to.eql({code: 3, err: ''});
    expect(io.out()).to.not.match(/refused|destructive|statement\(s\) pending/);
    expect(io.out()).to.match(
      /^Schema check \(scripts only\): 1 migration script\(s\) pending, which make the schema the models need/,
    );
    // Said, not judged: the script's own statement is not.
    expect(io.out()).to.match(
      /\nwarning: 1 statement\(s\) the models need against the database as it is would destroy stored data \(drops column "(iscomplete|isComplete)" holding 1 non-null value\): a pending script that makes the same change destroys it the same way on deploy/,
    );
    const report = await migrateSchemaWithReport(
      open(v3, [createTodos, dropIsComplete]),
      {schemaSource: 'scripts'},
    );
    expect(report.scripts.map(s => s.status)).to.eql(['applied']);
  });

  it('--check --schema-source scripts: 3 for a pending script of a change the rows refuse, with the warning its dry run gives', async function () {
    skipOnEmbedded(
      this,
      db(),
      'an embedded PostgreSQL has one database: the shadow database would be this one',
    );
    await migrateSchemaWithReport(open(todoModels()), {
      schemaSource: 'scripts',
    });
    const isComplete = kind === 'postgresql' ? 'iscomplete' : 'isComplete';
    await db().query(`INSERT INTO ${quoted(kind, todo)} (title) VALUES ('a')`);
    // A reviewed script of the model change, which the row's NULL refuses.
    const requireIsComplete = defineScript({
      version: '20261130225600',
      runs: 'before-schema',
      up: ctx =>
        ctx.execute(
          kind === 'postgresql'
            ? `ALTER TABLE "todo" ALTER COLUMN "iscomplete" SET NOT NULL`
            : 'ALTER TABLE `Todo` MODIFY `isComplete` TINYINT(1) NOT NULL',
        ),
    });
    const required = withRequiredIsComplete(todoModels());
    const io = captureIo();
    const code = await runMigrationCli(
      () => open(required, [createTodos, requireIsComplete]),
      ['--check', '--schema-source', 'scripts'],
      io,
    );
    expect({code, err: io.err()}).to.eql({code: 3, err: ''});
    expect(io.out()).to.match(
      new RegExp(
        '^Schema check \\(scripts only\\): 1 migration script\\(s\\) pending, which make the schema the models need[^\\n]*\\n' +
          'warning: 1 statement\\(s\\) the models need against the database as it is would fail on the rows it holds ' +
          `\\(column "${isComplete}" cannot become NOT NULL[^\\n]*\\): a pending script that makes the same change fails ` +
          'the same way on deploy, unless it changes those rows first\\. See each statement with: migrate --dry-run --schema-source scripts\\n',
      ),
    );
  });

  it('--check --schema-source scripts: 4 when the uncovered model change fails on the rows a pending script stores', async () => {
    const seed = defineScript({
      version: '20261130225600',
      runs: 'before-schema',
      up: ctx =>
        ctx.execute(`INSERT INTO ${quoted(kind, todo)} (title) VALUES ('a')`),
    });
    const required = withRequiredIsComplete(todoModels());
    const io = captureIo();
    const code = await runMigrationCli(
      () => open(required, [createTodos, seed]),
      ['--check', '--schema-source', 'scripts'],
      io,
    );
    expect({code, out: io.out()}).to.eql({code: 4, out: ''});
    expect(io.err()).to.match(
      /no script covers:\n.*model Todo: .*column "iscomplete" (is nullable in the database but required in the models|is defined otherwise in the database .*)\n.*\nOn the shadow database, one of them fails: .+\.\nFix: write a migration script/i,
    );
  });

  it('dry run: judges a datasource without pending scripts while another has some, as the run would', async () => {
    const other = (await createTestDatabase(kind))!;
    const app = buildApp(
      MigratingApp,
      {db: db().dataSourceConfig, other: other.dataSourceConfig},
      [...todoModels(), {...TITLED_NOTE, dataSource: 'other'}],
    );
    app.migrationScript(createTodos);
    try {
      const error = await rejection(
        migrateSchemaWithReport(app, {schemaSource: 'scripts', dryRun: true}),
      );
      expect(error).to.be.instanceOf(SchemaDriftError);
      const drift = error as SchemaDriftError;
      // The Todo tables are missing too, but "db" has a pending script.
      expect(drift.message).to.match(
        /: 1 difference\(s\) no script covers:\n {2}- datasource "other", model Note: the table is missing\n/,
      );
      expect(drift.report.warnings.join('\n')).to.match(
        /^1 migration script\(s\) are pending: /m,
      );
    } finally {
      await closeApp(app);
      await other.drop();
    }
  });

  it('--check --schema-source scripts: 4 on the drift of a datasource without pending scripts, not advising the check it is', async () => {
    const other = (await createTestDatabase(kind))!;
    const app = buildApp(
      MigratingApp,
      {db: db().dataSourceConfig, other: other.dataSourceConfig},
      [...todoModels(), {...TITLED_NOTE, dataSource: 'other'}],
    );
    app.migrationScript(createTodos);
    const io = captureIo();
    try {
      const code = await runMigrationCli(
        () => app,
        ['--check', '--schema-source', 'scripts'],
        io,
      );
      expect(code).to.equal(4);
      const printed = io.out() + io.err();
      expect(printed).to.match(
        /datasource "other", model Note: the table is missing/,
      );
      expect(printed).to.not.match(
        /migrate --check --schema-source scripts compares/,
      );
      expect(printed).to.match(
        /warning: 1 migration script\(s\) are pending: the models of their datasource\(s\) were not compared with what they make, as the check stopped at the drift above; fix it, then check again\./,
      );
    } finally {
      await closeApp(app);
      await other.drop();
    }
  });
});

function quoted(kind: string, name: string): string {
  return kind === 'postgresql' ? `"${name}"` : `\`${name}\``;
}
