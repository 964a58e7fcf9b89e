import {expect} from '@loopback/testlab';
import {randomBytes} from 'node:crypto';
import {
  migrateSchemaWithReport,
  MigrationFailedError,
  runMigrationCli,
  type MigrationScriptClass,
} from '../../src';
import {captureIo} from '../support/cli-io';
import {rejection} from '../support/rejection';
import {
  buildApp,
  closeApp,
  MigratingApp,
  todoModels,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {describeEachDatabase, skipOnEmbedded} from '../support/databases';
import {ledgerVersions, NOTE_MODEL, noteScript} from '../support/scripts';

/**
 * A production user that may read and write the tables but not create,
 * alter or own them (PostgreSQL 15 revokes CREATE on schema public from
 * PUBLIC): the tables, the state table and the ledger were made by another
 * user (a deploy job, the DBA).
 */
describeEachDatabase(
  'a user that may only read and write the tables',
  (db, kind) => {
    const prefix = process.env.LSM_TEST_DB_PREFIX ?? 'lsm';
    let user = '';

    const models = (): ModelSpec[] => [
      ...todoModels(),
      {...NOTE_MODEL, properties: {...NOTE_MODEL.properties}},
    ];

    /** Migrate as the server's own user (it creates and owns everything). */
    async function migrateAsOwner(scripts: MigrationScriptClass[] = []) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models());
      for (const script of scripts) app.migrationScript(script);
      try {
        await migrateSchemaWithReport(app);
      } finally {
        await closeApp(app);
      }
    }

    /** Give `user` SELECT, INSERT, UPDATE and DELETE on these tables only. */
    async function grantDml(tables: readonly string[]) {
      if (kind === 'postgresql') {
        await db().query(
          `GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${user}`,
        );
      }
      for (const table of tables) {
        await db().query(
          kind === 'postgresql'
            ? `GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${user}`
            : `GRANT SELECT, INSERT, UPDATE, DELETE ON \`${db().name}\`.\`${table}\` TO '${user}'@'%'`,
        );
      }
    }

    const appTables =
      kind === 'postgresql'
        ? ['todo', 'todolist', 'note']
        : ['Todo', 'TodoList', 'Note'];

    function appAsUser(scripts: MigrationScriptClass[] = []): MigratingApp {
      const app = buildApp(
        MigratingApp,
        {db: {...db().dataSourceConfig, user, password: ''}},
        models(),
      );
      for (const script of scripts) app.migrationScript(script);
      return app;
    }

    beforeEach(async function () {
      skipOnEmbedded(
        this,
        db(),
        'an embedded PostgreSQL lets every user do everything',
      );
      await dropAllTables(db());
      user = `${prefix}_dml_${randomBytes(3).toString('hex')}`;
      if (kind === 'postgresql') {
        await db().query(`CREATE ROLE ${user} LOGIN`);
        await db().query(`GRANT USAGE ON SCHEMA public TO ${user}`);
      } else {
        await db().query(`CREATE USER '${user}'@'%'`);
      }
    });

    afterEach(async () => {
      if (user === '') return;
      await db().query(
        kind === 'postgresql'
          ? `DROP OWNED BY ${user}; DROP ROLE ${user}`
          : `DROP USER '${user}'@'%'`,
      );
    });

    it('starts up to date when it may not read the state table, saying what to grant', async () => {
      await migrateAsOwner();
      await grantDml(appTables);
      const app = appAsUser();
      try {
        const report = await migrateSchemaWithReport(app);
        const [result] = report.dataSources;
        expect(result.status).to.equal('up-to-date');
        expect(result.statements).to.eql([]);
        expect(result.warnings).to.have.length(1);
        expect(result.warnings![0]).to.match(
          /^the schema fingerprint could not be read from schema_migration_state \(.*(permission denied|SELECT command denied).*\): every run checks the schema in full; grant the datasource's user SELECT, INSERT and UPDATE on that table$/,
        );
      } finally {
        await closeApp(app);
      }
    });

    it('records its fingerprint after a full check in the state table it may write but not create', async () => {
      await migrateAsOwner();
      // Nothing recorded yet (a new datasource, a deleted row).
      await db().query('DELETE FROM schema_migration_state');
      await grantDml([...appTables, 'schema_migration_state']);
      const app = appAsUser();
      try {
        const checked = await migrateSchemaWithReport(app, {fullCheck: true});
        expect(checked.dataSources[0]).to.containDeep({
          status: 'up-to-date',
          warnings: [],
        });
        // Recorded: its next start takes the fast path.
        const rows = await db().query<{n: number | string}>(
          'SELECT COUNT(*) AS n FROM schema_migration_state',
        );
        expect(Number(rows[0].n)).to.equal(1);
      } finally {
        await closeApp(app);
      }
    });

    it("checks an up-to-date schema as up to date with SELECT alone (MariaDB hides the foreign keys' rules from it)", async () => {
      await migrateAsOwner();
      await db().query(
        kind === 'postgresql'
          ? `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${user}`
          : `GRANT SELECT ON \`${db().name}\`.* TO '${user}'@'%'`,
      );
      const app = appAsUser();
      try {
        const io = captureIo();
        const code = await runMigrationCli(() => app, ['--check'], io);
        expect({code, err: io.err()}).to.eql({code: 0, err: ''});
        expect(io.out()).to.match(/Schema check \(update\): up to date/);
      } finally {
        await closeApp(app);
      }
    });

    it('fails a change it may not make naming the privilege and how to grant it, changes nothing and releases the lock', async () => {
      await migrateAsOwner();
      await grantDml([...appTables, 'schema_migration_state']);
      const tagged = (): ModelSpec[] =>
        models().map(m =>
          m.name === 'TodoList'
            ? {...m, properties: {...m.properties, tag: {type: 'string'}}}
            : m,
        );
      const app = buildApp(
        MigratingApp,
        {db: {...db().dataSourceConfig, user, password: ''}},
        tagged(),
      );
      try {
        const error = await rejection(migrateSchemaWithReport(app));
        expect(error).to.be.instanceOf(MigrationFailedError);
        expect(error.message).to.match(
          kind === 'postgresql'
            ? /must be owner of table todolist[\s\S]*nothing was changed\.\nThe datasource's user lacks a privilege this needs\. .*ALTER TABLE <table> OWNER TO <user>/
            : /ALTER command denied[\s\S]*\nThe datasource's user lacks the privilege named above: grant it \(GRANT .*ALTER.* ON `<database>`\.\* TO '<user>'@'<host>'\)/,
        );
      } finally {
        await closeApp(app);
      }
      expect((await columns(db(), 'TodoList')).map(c => c.column)).to.eql([
        'id',
        'title',
      ]);
      // The lock was released: the owner migrates at once.
      const owner = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig},
        tagged(),
      );
      try {
        const report = await migrateSchemaWithReport(owner, {
          lockTimeoutMs: 2000,
        });
        expect(report.dataSources[0].status).to.equal('migrated');
      } finally {
        await closeApp(owner);
      }
    });

    it('refuses a rebuild that a table it does not rebuild references, whatever MariaDB hides from table-level grants', async () => {
      await migrateAsOwner();
      await db().query(
        kind === 'postgresql'
          ? `GRANT ALL ON ALL TABLES IN SCHEMA public TO ${user}`
          : `GRANT ALL ON \`${db().name}\`.\`TodoList\` TO '${user}'@'%'`,
      );
      if (kind === 'mysql') {
        // It sees Todo's foreign key (KEY_COLUMN_USAGE), not its rules.
        await db().query(
          `GRANT SELECT ON \`${db().name}\`.\`Todo\` TO '${user}'@'%'`,
        );
      }
      const todoList = todoModels().filter(m => m.name === 'TodoList');
      const app = buildApp(
        MigratingApp,
        {db: {...db().dataSourceConfig, user, password: ''}},
        todoList,
      );
      try {
        const error = await rejection(
          migrateSchemaWithReport(app, {
            existingSchema: 'drop',
            acceptDataLoss: true,
          }),
        );
        expect(error.message).to.match(
          /which is not being rebuilt, references it through foreign key "fk_todo_todoListId"/,
        );
      } finally {
        await closeApp(app);
      }
    });

    it('runs a pending data script when the ledger exists and it may write it but not create tables', async () => {
      const log: string[] = [];
      await migrateAsOwner([noteScript('1.0.0', log)]);
      await grantDml([
        ...appTables,
        'schema_migration_state',
        'schema_migration_scripts',
      ]);
      const app = appAsUser([
        noteScript('1.0.0', log),
        noteScript('1.1.0', log),
      ]);
      try {
        const report = await migrateSchemaWithReport(app);
        expect(report.dataSources[0].status).to.equal('up-to-date');
        expect(log).to.eql(['up up:1.0.0', 'up up:1.1.0']);
        expect(await ledgerVersions(db())).to.eql(['1.0.0', '1.1.0']);
      } finally {
        await closeApp(app);
      }
    });
  },
);
