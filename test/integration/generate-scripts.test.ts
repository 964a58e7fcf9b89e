import {expect} from '@loopback/testlab';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {juggler} from '@loopback/repository';
import {
  migrateSchemaWithReport,
  runMigrationCli,
  ShadowDatabaseError,
  type MigrationScriptClass,
} from '../../src';
import {
  closeApp,
  TITLED_NOTE,
  todoModels,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';
import {
  buildGenerated,
  generateProject,
  headerText,
  prettierFormatted,
  schemaOf,
  todoModelsV2,
  todoModelsV3,
  withRequiredIsComplete,
  skipWithoutShadow,
} from '../support/generate';
import {
  LIBRARY_MODULE,
  lintGenerated,
  normaliseGenerated,
} from '../support/generated-files';
import {captureIo} from '../support/cli-io';
import {lintAsLb4App} from '../support/lb4-eslint';
import {BootedApp, writeProject} from '../support/migration-files';
import {rejection} from '../support/rejection';
import {defineScript, ledgerVersions} from '../support/scripts';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/generate');

describeEachDatabase('generateMigrationScript()', (db, kind) => {
  const project = generateProject(db, 'generate');
  const {open, generate} = project;

  it('writes the schema of the models from nothing: formatted, strict, lint-clean, and it applies', async () => {
    const v1 = todoModels();
    const generated = await generate(
      open(v1),
      'create-todos',
      '20261130225500',
    );
    expect(generated.warnings).to.eql([]);
    const file = generated.file!;
    expect(path.relative(project.dir, file)).to.equal(
      'src/migrations/20261130225500-create-todos.migration.ts',
    );
    expect(readFileSync(file, 'utf8')).to.equal(await prettierFormatted(file));
    expect(await lintGenerated(file)).to.eql([]);
    expect(await lintAsLb4App(file, project.dir)).to.eql([]);
    // The lb4 rules run with types: a floating promise is caught.
    // (A project of its own: typescript-eslint keeps each project's files
    // for the process when CI is set.)
    const carelessDir = path.join(project.dir, 'careless');
    const careless = path.join(carelessDir, 'src', path.basename(file));
    mkdirSync(path.dirname(careless), {recursive: true});
    writeFileSync(
      careless,
      readFileSync(file, 'utf8').replace('await ctx.execute(', 'ctx.execute('),
    );
    expect((await lintAsLb4App(careless, carelessDir)).join('\n')).to.match(
      /@typescript-eslint\/no-floating-promises/,
    );
    const scripts = project.build(file);
    expect(scripts.map(s => s.name)).to.eql(['CreateTodosMigration']);

    // Scripts only, on a fresh database: the schema the models sync makes.
    const report = await migrateSchemaWithReport(open(v1, scripts), {
      schemaSource: 'scripts',
    });
    expect(report.scripts.map(s => [s.version, s.status])).to.eql([
      ['20261130225500', 'applied'],
    ]);
    const applied = await schemaOf(db());
    await dropAllTables(db());
    await migrateSchemaWithReport(open(v1));
    expect(applied).to.eql(await schemaOf(db()));
  });

  it('writes only what the models change beyond the scripts, as the snapshot says', async function () {
    skipWithoutShadow(this, db());
    const v1 = todoModels();
    const first = await generate(open(v1), 'create-todos', '20261130225500');
    const [createTodos] = project.build(first.file!);
    const v2 = todoModelsV2(v1);
    // The developer's database is empty: the diff comes from the scripts.
    const second = await generate(
      open(v2, [createTodos]),
      'add-todo-priority',
      '20261201090000',
    );
    expect(second.warnings).to.eql([]);
    const text = normaliseGenerated(
      readFileSync(second.file!, 'utf8'),
      '20261201090000',
    ).replace(
      JSON.stringify(LIBRARY_MODULE).slice(1, -1),
      'loopback-schema-migration',
    );
    const snapshot = path.join(
      FIXTURES,
      `${kind}-add-todo-priority.migration.ts.snap`,
    );
    if (process.env.UPDATE_SNAPSHOTS) writeFileSync(snapshot, text);
    expect(text).to.equal(readFileSync(snapshot, 'utf8'));
    // On PostgreSQL, the plan's transaction and its online phase (the
    // index built CONCURRENTLY) are two scripts, as migrateSchema() runs them.
    const addPriority = project.build(second.file!);
    expect(addPriority.map(s => s.name)).to.eql(
      kind === 'postgresql'
        ? ['AddTodoPriorityMigration', 'AddTodoPriorityOnlineMigration']
        : ['AddTodoPriorityMigration'],
    );
    expect(await lintGenerated(second.file!)).to.eql([]);
    expect(await lintAsLb4App(second.file!, project.dir)).to.eql([]);

    // Both files on a fresh database: the schema of v2 exactly.
    const applied = await migrateSchemaWithReport(
      open(v2, [createTodos, ...addPriority]),
      {schemaSource: 'scripts'},
    );
    expect(applied.scripts.map(s => s.version)).to.eql(
      kind === 'postgresql'
        ? ['20261130225500', '20261201090000', '20261201090000+online']
        : ['20261130225500', '20261201090000'],
    );
    const scripted = await schemaOf(db());
    await dropAllTables(db());
    await migrateSchemaWithReport(open(v2));
    expect(scripted).to.eql(await schemaOf(db()));

    // Under the schema sync they run before it, which then has nothing to do.
    await dropAllTables(db());
    const synced = await migrateSchemaWithReport(
      open(v2, [createTodos, ...addPriority]),
    );
    expect(synced.scripts.map(s => s.status)).to.eql(
      applied.scripts.map(() => 'applied'),
    );
    expect(synced.dataSources.map(ds => ds.status)).to.eql(['up-to-date']);
    expect(await schemaOf(db())).to.eql(scripted);
  });

  it('never changes the developer database, and writes nothing when nothing changed', async () => {
    // Shadow databases of other runs on the server are not this test's.
    const others = new Set(await shadowDatabases(db()));
    const v1 = todoModels();
    const app = open(v1);
    const first = await generate(app, 'create-todos', '20261130225500');
    const [createTodos] = project.build(first.file!);
    // The developer's database as the scripts left it, plus a hand-made table.
    await migrateSchemaWithReport(open(v1, [createTodos]), {
      schemaSource: 'scripts',
    });
    await db().query('CREATE TABLE scratch (id INT)');
    const before = await schemaOf(db());
    const ledger = await ledgerVersions(db());

    const again = await generate(
      open(v1, [createTodos]),
      'nothing',
      '20261201090000',
    );
    expect(again.file).to.be.undefined();
    expect(again.changes).to.eql([]);
    expect(readdirSync(path.join(project.dir, 'src/migrations'))).to.eql([
      '20261130225500-create-todos.migration.ts',
    ]);
    expect(await schemaOf(db())).to.eql(before);
    expect(await ledgerVersions(db())).to.eql(ledger);
    // Suites running beside this one (mocha --parallel) may hold a shadow
    // database for a moment; one left by this run stays.
    expect(await shadowsLeftSince(db(), others)).to.eql([]);
  });

  it('runs up, down, up to the same catalog; a dropped column makes the script irreversible, saying why', async () => {
    const v1 = todoModels();
    const v2 = todoModelsV2(v1);
    const first = await generate(open(v1), 'create-todos', '20261130225500');
    const [createTodos] = project.build(first.file!);
    const second = await generate(
      open(v2, [createTodos]),
      'add-todo-priority',
      '20261201090000',
    );
    const addPriority = project.build(second.file!);
    const app = open(v2, [createTodos, ...addPriority]);
    await migrateSchemaWithReport(app, {schemaSource: 'scripts'});
    const up = await schemaOf(db());
    await app.revertMigrations({steps: 1 + addPriority.length});
    expect(await schemaOf(db())).to.eql({
      columns: [],
      indexes: [],
      foreignKeys: [],
    });
    await migrateSchemaWithReport(app, {schemaSource: 'scripts'});
    expect(await schemaOf(db())).to.eql(up);

    const v3 = todoModelsV3(v2);
    const third = await generate(
      open(v3, [createTodos, ...addPriority]),
      'drop-is-complete',
      '20261202090000',
    );
    const text = readFileSync(third.file!, 'utf8');
    expect(text).to.match(
      /data loss: drops a column and the values stored in it/,
    );
    expect(headerText(text)).to.match(
      /No down\(\): statement 1 has no exact inverse \(.*a dropped column cannot be restored with its data\)/,
    );
    expect(text).not.to.match(/If a property was renamed/);
    const [dropIsComplete] = project.build(third.file!);
    const script = new dropIsComplete();
    expect(script.down).to.be.undefined();
    expect(script.irreversible).to.match(
      /^statement 1 .* has no exact inverse/,
    );
  });

  it('notes a dropped and an added column of one model, the shape of a renamed property, for the reviewer', async () => {
    const v1 = todoModels();
    const first = await generate(open(v1), 'create-todos', '20261130225500');
    const [createTodos] = project.build(first.file!);
    const renamed = v1.map(spec => {
      if (spec.name !== 'Todo') return spec;
      const {isComplete, ...properties} = spec.properties;
      return {...spec, properties: {...properties, done: isComplete}};
    });
    const second = await generate(
      open(renamed, [createTodos]),
      'rename-is-complete',
      '20261201090000',
    );
    expect(headerText(readFileSync(second.file!, 'utf8'))).to.match(
      /Model Todo: the plan drops column "iscomplete" and adds "done"\. If a property was renamed, its stored values are dropped where this runs: keep them by mapping the property to the old column \(columnName\), or edit statements? [\d, -]+ into a RENAME COLUMN\./i,
    );
  });

  if (kind === 'postgresql') {
    it('writes a model in another schema without warning about the CREATE SCHEMA down() leaves', async () => {
      const inSales: ModelSpec = {
        name: 'Invoice',
        properties: {
          id: {type: 'number', id: true, generated: true},
          total: {type: 'number'},
        },
        settings: {postgresql: {schema: 'sales'}},
      };
      const generated = await generate(
        open([inSales]),
        'create-invoices',
        '20261130225500',
      );
      const header = headerText(readFileSync(generated.file!, 'utf8'));
      expect(header).to.match(/down\(\) undoes statement 2, last first\./);
      expect(header).to.match(/down\(\) leaves statement 1 in place: /);
      expect(header).to.not.match(/undoes every statement/);
      expect(generated.warnings).to.eql([]);
    });

    it('undoes a property made required, which the online form sets NOT NULL through a check', async () => {
      const createNotes = defineScript({
        version: '20261130225500',
        runs: 'before-schema',
        up: async ctx => {
          await ctx.execute(
            'CREATE TABLE "public"."note" ("id" SERIAL, "title" TEXT, PRIMARY KEY("id"))',
          );
        },
      });
      const required: ModelSpec = {
        ...TITLED_NOTE,
        properties: {
          ...TITLED_NOTE.properties,
          title: {type: 'string', required: true},
        },
      };
      const generated = await generate(
        open([required], [createNotes]),
        'require-title',
        '20261201090000',
      );
      expect(generated.warnings).to.eql([]);
      expect(readFileSync(generated.file!, 'utf8')).to.match(/lsm_nn_title/);
      const requireTitle = project.build(generated.file!);
      const app = open([required], [createNotes, ...requireTitle]);
      await app.migrateSchema({schemaSource: 'scripts'});
      const nullable = async () =>
        (await schemaOf(db())).columns.find(c => c.column === 'title')
          ?.nullable;
      expect(await nullable()).to.be.false();
      await app.revertMigrations({steps: requireTitle.length});
      expect(await nullable()).to.be.true();
      expect((await schemaOf(db())).indexes.map(i => i.name)).to.eql([
        'note_pkey',
      ]);
      expect(
        await db().query(
          "SELECT conname FROM pg_constraint WHERE conrelid = 'note'::regclass AND contype = 'c'",
        ),
      ).to.eql([]);
    });
  }

  it('--initial: a script of the whole schema, recorded as applied where the tables exist', async function () {
    skipWithoutShadow(this, db());
    const v1 = todoModels();
    // An existing database, made by the models sync before scripts.
    await migrateSchemaWithReport(open(v1));
    const before = await schemaOf(db());
    const initial = await generate(open(v1), 'initial', '20261130225500', {
      initial: true,
    });
    expect(readFileSync(initial.file!, 'utf8')).to.match(
      /^ {2}initial = true;$/m,
    );
    const [script] = project.build(initial.file!);

    const report = await migrateSchemaWithReport(open(v1, [script]), {
      schemaSource: 'scripts',
    });
    expect(report.scripts.map(s => [s.version, s.status])).to.eql([
      ['20261130225500', 'baselined'],
    ]);
    expect(await schemaOf(db())).to.eql(before);

    // On an empty database it runs.
    await dropAllTables(db());
    const fresh = await migrateSchemaWithReport(open(v1, [script]), {
      schemaSource: 'scripts',
    });
    expect(fresh.scripts.map(s => s.status)).to.eql(['applied']);
    expect(await schemaOf(db())).to.eql(before);
  });

  it('is found by the booter after a build, and applied by the command line', async () => {
    const generated = await generate(
      open(todoModels()),
      'create-todos',
      '20261130225500',
    );
    const booterProject = writeProject();
    let booted: BootedApp | undefined;
    try {
      buildGenerated(generated.file!, booterProject.dist);
      const io = captureIo();
      const code = await runMigrationCli(
        () => {
          booted = new BootedApp(booterProject.dist);
          booted.dataSource(
            new juggler.DataSource({name: 'db', ...db().dataSourceConfig}),
          );
          return booted;
        },
        ['--schema-source', 'scripts'],
        io,
      );
      expect({code, err: io.err()}).to.eql({code: 0, err: ''});
      expect(io.out()).to.match(
        /script 20261130225500 "create-todos: \d generated statement\(s\)" \(db\): applied/,
      );
      expect((await schemaOf(db())).foreignKeys).to.have.length(1);
    } finally {
      if (booted) await closeApp(booted);
      booterProject.remove();
    }
  });

  it('migrate --generate NAME writes src/migrations/<version>-NAME.migration.ts, or says nothing changed', async () => {
    const cwd = process.cwd();
    process.chdir(project.dir);
    try {
      const run = async (scripts: MigrationScriptClass[]) => {
        const io = captureIo();
        const code = await runMigrationCli(
          () => open(todoModels(), scripts),
          ['--generate', 'CreateTodos'],
          io,
        );
        return {code, out: io.out(), err: io.err()};
      };
      const first = await run([]);
      expect(first.code).to.equal(0);
      expect(first.out).to.match(
        /^Wrote src\/migrations\/\d{14}-create-todos\.migration\.ts\n {2}datasource "db": \d statement\(s\)/,
      );
      const [file] = readdirSync(path.join(project.dir, 'src/migrations'));
      const text = readFileSync(
        path.join(project.dir, 'src/migrations', file),
        'utf8',
      );
      expect(text).to.match(/from 'loopback-schema-migration';/);
      // Built against this checkout, it is the script the models need.
      writeFileSync(
        path.join(project.dir, 'local.migration.ts'),
        text.replace(
          "'loopback-schema-migration'",
          JSON.stringify(LIBRARY_MODULE),
        ),
      );
      const scripts = project.build(
        path.join(project.dir, 'local.migration.ts'),
      );
      const second = await run(scripts);
      expect(second).to.eql({
        code: 0,
        out: 'No model change: the models match the schema the migration scripts make. Nothing was written.\n',
        err: '',
      });
      expect(readdirSync(path.join(project.dir, 'src/migrations'))).to.eql([
        file,
      ]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('runs the plan on the shadow database first: a statement it refuses writes nothing', async () => {
    const v1 = todoModels();
    const first = await generate(open(v1), 'create-todos', '20261130225500');
    const [createTodos] = project.build(first.file!);
    // A later script stores a todo without isComplete...
    const seed = defineScript({
      version: '20261130225501',
      up: ctx =>
        ctx.execute(
          kind === 'postgresql'
            ? "INSERT INTO todo (title) VALUES ('no flag')"
            : "INSERT INTO `Todo` (title) VALUES ('no flag')",
        ),
    });
    // ...which a model making isComplete required cannot take.
    const v2 = withRequiredIsComplete(v1);
    const error = await rejection(
      generate(open(v2, [createTodos, seed]), 'require-flag', '20261201090000'),
    );
    expect(error).to.be.instanceOf(ShadowDatabaseError);
    expect((error as Error).message).to.match(
      /The planned statement 1 of datasource "db" fails on the shadow database, as the plan predicted: column "isComplete" cannot become NOT NULL: 1 row of \S+ holds NULL in it \(id 1\); .* To fix it, fill those rows first \(an UPDATE, or a migration script that back-fills them while the property is still optional\), or keep the property optional; nothing was written/i,
    );
    expect(readdirSync(path.join(project.dir, 'src/migrations'))).to.eql([
      '20261130225500-create-todos.migration.ts',
    ]);
  });

  it('says in the header what a table holding rows does to a new required column, which the empty shadow cannot show', async () => {
    const v1 = todoModels();
    const first = await generate(open(v1), 'create-todos', '20261130225500');
    const [createTodos] = project.build(first.file!);
    const v2 = v1.map(spec =>
      spec.name !== 'Todo'
        ? spec
        : {
            ...spec,
            properties: {
              ...spec.properties,
              rank: {type: 'number', required: true},
            },
          },
    );
    const second = await generate(
      open(v2, [createTodos]),
      'require-rank',
      '20261201090000',
    );
    expect(headerText(readFileSync(second.file!, 'utf8'))).to.match(
      kind === 'postgresql'
        ? /predicted failure: where the table holds rows, PostgreSQL refuses new NOT NULL column "rank", as it has no default for them: give it one, or add it nullable, back-fill it, then SET NOT NULL/
        : /predicted failure: where the table holds rows, MySQL\/MariaDB give them the type's zero value \('', 0\) in new NOT NULL column "rank", as it has no default/,
    );
  });

  it('adds a foreign key to an existing table, proved with up() and down() on the shadow database', async () => {
    // v1 without the foreign key, v2 adds it to the existing table.
    const v2 = todoModels();
    const v1 = v2.map(spec =>
      spec.name === 'Todo' ? {...spec, settings: {}} : spec,
    );
    const first = await generate(open(v1), 'create-todos', '20261130225500');
    const [createTodos] = project.build(first.file!);
    const second = await generate(
      open(v2, [createTodos]),
      'add-todo-list-fk',
      '20261201090000',
    );
    // Planned again after up() and after down(): what the models need is
    // settled, and down() leaves what the plan started from.
    expect(second.warnings).to.eql([]);
    expect(readFileSync(second.file!, 'utf8')).to.match(
      kind === 'postgresql'
        ? /DROP CONSTRAINT "fk_todo_todoListId"/
        : // The index MySQL made for the key goes with it.
          /DROP FOREIGN KEY `fk_todo_todoListId`, DROP INDEX `fk_todo_todoListId`/,
    );

    // On the developer's database: up, then down, leaves v1's catalog,
    // indexes included.
    const addKey = project.build(second.file!);
    await migrateSchemaWithReport(open(v1, [createTodos]), {
      schemaSource: 'scripts',
    });
    const v1Schema = await schemaOf(db());
    const app = open(v2, [createTodos, ...addKey]);
    await migrateSchemaWithReport(app, {schemaSource: 'scripts'});
    expect(await schemaOf(db())).to.not.eql(v1Schema);
    await app.revertMigrations({steps: addKey.length});
    expect(await schemaOf(db())).to.eql(v1Schema);
    if (kind !== 'mysql') return;

    // MariaDB adds the key in place, then checks the rows: a row stored
    // before the script (its statements are not checked first) has no
    // match, and the key is dropped again.
    await db().query(
      "INSERT INTO `Todo` (title, todoListId) VALUES ('orphan', 999)",
    );
    const failure = await rejection(
      migrateSchemaWithReport(app, {schemaSource: 'scripts'}),
    );
    expect(failure.message).to.match(
      /a row of Todo points at no row that fk_todo_todoListId references: the key was dropped again\n/,
    );
    // The statement as the file's header lists it, not its compound form.
    expect(failure.message).to.match(
      /The statement the database refused \(ctx\.execute\(\)\): ALTER TABLE `Todo` ADD CONSTRAINT `fk_todo_todoListId`/,
    );
    expect(await schemaOf(db())).to.eql(v1Schema);
  });

  it('refuses a bad name, and never overwrites a file', async () => {
    const app = open(todoModels());
    await expect(generate(app, '../evil', '1')).to.be.rejectedWith(
      /the migration name must start with a letter/,
    );
    const first = await generate(app, 'create-todos', '20261130225500');
    // Built, and the models changed since: the same name and version again.
    const changed = open(
      todoModelsV2(todoModels()),
      project.build(first.file!),
    );
    await expect(
      generate(changed, 'create-todos', '20261130225500'),
    ).to.be.rejectedWith(
      /exists already; a generated migration never overwrites a file/,
    );
    expect(existsSync(path.join(project.dir, 'src/migrations'))).to.be.true();
  });
});

/**
 * The shadow databases of the server not in `before`, once none is left or
 * after 20 s: a run's own are dropped when it ends.
 */
async function shadowsLeftSince(
  db: TestDatabase,
  before: ReadonlySet<string>,
): Promise<string[]> {
  for (const until = Date.now() + 20_000; ; await sleep(200)) {
    const left = (await shadowDatabases(db)).filter(name => !before.has(name));
    if (left.length === 0 || Date.now() > until) return left;
  }
}

/** Shadow databases on the server. */
async function shadowDatabases(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{name: string}>(
    db.kind === 'postgresql'
      ? "SELECT datname AS name FROM pg_database WHERE datname LIKE 'lsm_shadow_%'"
      : "SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'lsm_shadow_%'",
  );
  return rows.map(r => r.name);
}
