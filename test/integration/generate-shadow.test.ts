import {expect} from '@loopback/testlab';
import {randomBytes} from 'node:crypto';
import {runMigrationCli, ShadowDatabaseError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  todoModels,
} from '../support/app-builder';
import {createTestDatabase, describeEachDatabase} from '../support/databases';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {TodoListApplication} from '../fixtures/todo-app/application';
import {dropAllTables, tables} from '../support/catalog';
import {buildGenerated, skipWithoutShadow} from '../support/generate';
import {LIBRARY_MODULE} from '../support/generated-files';
import {rejection} from '../support/rejection';
import {captureIo} from '../support/cli-io';
import {defineScript} from '../support/scripts';

describeEachDatabase('migrate --generate: the shadow database', (db, kind) => {
  const user = `lsm_nocreate_${randomBytes(3).toString('hex')}`;
  let created = false;
  before(async function () {
    skipWithoutShadow(this, db());
    created = true;
    if (kind === 'postgresql') {
      await db().query(`CREATE ROLE ${user} LOGIN NOCREATEDB`);
      await db().query(`GRANT ALL ON SCHEMA public TO ${user}`);
    } else {
      await db().query(`CREATE USER '${user}'@'%'`);
      await db().query(`GRANT ALL ON \`${db().name}\`.* TO '${user}'@'%'`);
    }
  });
  // Runs before the suite's database is dropped (describeEachDatabase).
  after(async () => {
    if (!created) return;
    await db().query(
      kind === 'postgresql'
        ? `DROP OWNED BY ${user}; DROP ROLE ${user}`
        : `DROP USER '${user}'@'%'`,
    );
  });

  it('says clearly that the user may not create databases, and how to fix it', async () => {
    const app = buildApp(
      MigratingApp,
      {db: {...db().dataSourceConfig, user, password: ''}},
      todoModels(),
    );
    try {
      const error = await rejection(app.generateMigrationScript('x'));
      expect(error).to.be.instanceOf(ShadowDatabaseError);
      expect((error as ShadowDatabaseError).code).to.equal(
        'MIGRATION_SHADOW_DATABASE',
      );
      expect((error as Error).message).to.match(
        kind === 'postgresql'
          ? /lacks the privilege to create databases .*ALTER ROLE <user> CREATEDB/
          : /lacks the privilege to create databases .*GRANT ALL ON `lsm_shadow_%`/,
      );
      // The database's own fields, as every error from the database has them.
      const denied = error as ShadowDatabaseError;
      if (kind === 'postgresql') {
        expect(denied.database?.code).to.equal('42501');
        expect(denied.message).to.match(/\n {2}code: 42501$/);
      } else {
        expect(denied.errno).to.equal(1044);
        expect(denied.sqlMessage).to.match(/Access denied/);
        expect(denied.message).to.match(
          /\n {2}errno: 1044 \(ER_DBACCESS_DENIED_ERROR\)$/,
        );
      }
    } finally {
      await closeApp(app);
    }
  });

  it('plans on an empty database the user gives (shadowDatabase), refuses one with tables, and leaves it empty', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lsm-shadow-'));
    const shadow = (await createTestDatabase(kind))!;
    // The user may not create databases; it may use the one given.
    await shadow.query(
      kind === 'postgresql'
        ? `GRANT ALL ON SCHEMA public TO ${user}`
        : `GRANT ALL ON \`${shadow.name}\`.* TO '${user}'@'%'`,
    );
    const app = buildApp(
      MigratingApp,
      {db: {...db().dataSourceConfig, user, password: ''}},
      todoModels(),
    );
    const options = {
      directory: path.join(dir, 'src/migrations'),
      importFrom: LIBRARY_MODULE,
      version: '20261130225500',
      shadowDatabase: {...shadow.dataSourceConfig, user, password: ''},
    };
    try {
      await dropAllTables(db());
      // A database that cannot be reached is this run's error, not a crash.
      const unreachable = await rejection(
        app.generateMigrationScript('create-todos', {
          ...options,
          shadowDatabase: `${kind === 'postgresql' ? 'postgres' : 'mysql'}://${user}@127.0.0.1:1/nowhere`,
        }),
      );
      expect(unreachable).to.be.instanceOf(ShadowDatabaseError);
      expect((unreachable as Error).message).to.match(
        /Cannot plan on the given shadow database .*for datasource "db": .*ECONNREFUSED/,
      );

      // The datasource's own database, even an empty one, is refused.
      const own = await rejection(
        app.generateMigrationScript('create-todos', {
          ...options,
          shadowDatabase: {...db().dataSourceConfig, user, password: ''},
        }),
      );
      expect((own as Error).message).to.match(
        /it is the datasource's own database \(.+\), which --generate never changes/,
      );

      await shadow.query('CREATE TABLE stray (id INT)');
      const refused = await rejection(
        app.generateMigrationScript('create-todos', options),
      );
      expect(refused).to.be.instanceOf(ShadowDatabaseError);
      expect((refused as Error).message).to.match(
        /given shadow database .* it must be empty, and it holds 1 table\(s\) \(.*stray.*\)/,
      );
      expect(await tables(shadow)).to.eql(['stray']);

      await shadow.query('DROP TABLE stray');
      // A connection URL, as --shadow-url gives it.
      const {host, port} = shadow.dataSourceConfig as {
        host: string;
        port: number;
      };
      const scheme = kind === 'postgresql' ? 'postgres' : 'mysql';
      const generated = await app.generateMigrationScript('create-todos', {
        ...options,
        shadowDatabase: `${scheme}://${user}@${host}:${port}/${shadow.name}`,
      });
      expect(generated.warnings).to.eql([]);
      // The two tables: no CREATE SCHEMA of public, which exists, and no
      // CREATE EXTENSION, which neither table uses.
      expect(generated.changes.map(c => c.statements.length)).to.eql([2]);
      const [script] = buildGenerated(generated.file!, path.join(dir, 'dist'));
      expect(script.name).to.equal('CreateTodosMigration');
      expect(await tables(shadow)).to.eql([]);
      expect(await tables(db())).to.not.containEql('schema_migration_scripts');
    } finally {
      await closeApp(app);
      await shadow.drop();
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it("runs scripts that use the app's repositories on the shadow database, not the developer's", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lsm-shadow-'));
    const app = new TodoListApplication();
    app
      .bind('datasources.config.db')
      .to({name: 'db', ...db().dataSourceConfig});
    try {
      await dropAllTables(db());
      await app.boot();
      const options = {
        directory: path.join(dir, 'src/migrations'),
        importFrom: LIBRARY_MODULE,
      };
      const initial = await app.generateMigrationScript('initial', {
        ...options,
        version: '20261130225500',
        initial: true,
      });
      const [script] = buildGenerated(initial.file!, path.join(dir, 'dist'));
      app.migrationScript(script);
      // The shadow run applies the initial script, then the example's
      // InboxListMigration, which writes through its injected repository.
      const again = await app.generateMigrationScript('nothing', options);
      expect(again.file).to.be.undefined();
      expect(again.report.scripts.map(s => [s.version, s.status])).to.eql([
        ['20261130225500', 'applied'],
        ['1.0.0', 'applied'],
      ]);
      expect(await tables(db())).to.not.containEql('schema_migration_scripts');
    } finally {
      await closeApp(app);
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it("makes the shadow datasource from the app's settings without the driver warning about them", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lsm-shadow-'));
    const app = buildApp(
      MigratingApp,
      {db: db().dataSourceConfig},
      todoModels(),
    );
    // mysql2 warns on stderr about options it does not know; the MySQL
    // connector writes one of its own (legacyUtcDateProcessing) into the
    // settings it is given.
    const printed: string[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
    };
    try {
      await dropAllTables(db());
      await app.migrateSchema({dryRun: true});
      const generated = await app.generateMigrationScript('create-todos', {
        directory: path.join(dir, 'src/migrations'),
        importFrom: LIBRARY_MODULE,
        version: '20261201110000',
      });
      expect(generated.file).to.not.be.undefined();
    } finally {
      console.error = consoleError;
      await closeApp(app);
      rmSync(dir, {recursive: true, force: true});
    }
    expect(
      printed.filter(line => /invalid configuration option/.test(line)),
    ).to.eql([]);
  });

  it('warns when the script creates tables the app database already has, and says to start with --initial', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lsm-shadow-'));
    const app = buildApp(
      MigratingApp,
      {db: db().dataSourceConfig},
      todoModels(),
    );
    const options = {
      directory: path.join(dir, 'src/migrations'),
      importFrom: LIBRARY_MODULE,
      version: '20261201120000',
      dryRun: true,
    };
    try {
      await dropAllTables(db());
      const fresh = await app.generateMigrationScript('create-todos', options);
      expect(fresh.warnings).to.eql([]);
      // The schema sync makes the tables, without a script.
      await app.migrateSchema();
      const generated = await app.generateMigrationScript(
        'create-todos',
        options,
      );
      expect(generated.changes).to.have.length(1);
      expect(generated.warnings).to.have.length(1);
      expect(generated.warnings[0]).to.match(
        /^datasource "db": the script creates 2 table\(s\) its own database already has \(.*todo.*\).*up\(\) fails with "already exists".*`migrate --generate initial --initial`/i,
      );
      const initial = await app.generateMigrationScript('initial', {
        ...options,
        initial: true,
      });
      expect(initial.warnings).to.eql([]);
    } finally {
      await closeApp(app);
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('with --initial, warns where the database has the tables but is behind the models, and not where it has none', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lsm-shadow-'));
    const options = {
      directory: path.join(dir, 'src/migrations'),
      importFrom: LIBRARY_MODULE,
      version: '20261201130000',
      dryRun: true,
      initial: true,
    };
    const before = buildApp(
      MigratingApp,
      {db: db().dataSourceConfig},
      todoModels(),
    );
    // The models as they are now: Todo has gained a property.
    const [todo, ...rest] = todoModels();
    const changed = [
      {...todo, properties: {...todo.properties, dueDate: {type: 'date'}}},
      ...rest,
    ];
    const after = buildApp(MigratingApp, {db: db().dataSourceConfig}, changed);
    try {
      await dropAllTables(db());
      const empty = await after.generateMigrationScript('initial', options);
      expect(empty.warnings).to.eql([]);
      await before.migrateSchema();
      const behind = await after.generateMigrationScript('initial', options);
      expect(behind.warnings).to.have.length(1);
      expect(behind.warnings[0]).to.match(
        /^datasource "db": its database has the models' tables but is behind the models: the schema sync would apply 1 statement\(s\) there \(the first: ALTER TABLE .*todo.*\).*recorded there as applied without running.*`npm run migrate`, `--schema-source models`, the default/i,
      );
      // Nothing was changed or recorded there: the sync still has it to do.
      const plan = await after.planSchemaMigration({scripts: false});
      expect(plan.dataSources[0].statements).to.have.length(1);
    } finally {
      await closeApp(before);
      await closeApp(after);
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('says that a script failed on the shadow database, and reports nothing applied', async () => {
    const failing = defineScript({
      version: '1.0.0',
      up: async () => {
        throw new Error('no list to attach the todos to.');
      },
    });
    const app = buildApp(
      MigratingApp,
      {db: db().dataSourceConfig},
      todoModels(),
    );
    app.migrationScript(failing);
    const run = async (args: string[]) => {
      const io = captureIo();
      const code = await runMigrationCli(() => app, args, io);
      return {code, out: io.out(), err: io.err()};
    };
    try {
      for (const args of [
        ['--generate', 'x'],
        ['--check', '--schema-source', 'scripts'],
      ]) {
        const {code, out, err} = await run(args);
        expect({code, out}).to.eql({code: 1, out: ''});
        expect(err).to.match(
          /failed in up\(\): no list to attach the todos to\. It ran on the shadow database "lsm_shadow_\w+", .*the app's own databases were not changed/,
        );
        expect(err).to.not.match(/Applied before the failure|stay applied/);
      }
      // A given shadow database is named as such, once; a message ending
      // with a full stop gets no second one.
      const shadow = (await createTestDatabase(kind))!;
      const {host, port} = shadow.dataSourceConfig as {
        host: string;
        port: number;
      };
      const scheme = kind === 'postgresql' ? 'postgres' : 'mysql';
      const given = await run([
        '--generate',
        'x',
        '--shadow-url',
        `${scheme}://${shadow.dataSourceConfig.user}@${host}:${port}/${shadow.name}`,
      ]).finally(() => shadow.drop());
      expect(given.code).to.equal(1);
      expect(given.err).to.match(
        /failed in up\(\): no list to attach the todos to\. It ran on the given shadow database \(shadowDatabase, CLI --shadow-url\), to which/,
      );
      expect(await tables(db())).to.not.containEql('schema_migration_scripts');
    } finally {
      await closeApp(app);
    }
  });
});
