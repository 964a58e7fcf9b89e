import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {
  migrateSchemaWithReport,
  runMigrationCli,
  SchemaDriftError,
  type SchemaMigrationReport,
} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {cuttingProxy, type CuttingProxy} from '../support/cutting-proxy';
import {
  describeOnDatabase,
  serverSettings,
  skipOnEmbedded,
} from '../support/databases';
import {rejection} from '../support/rejection';
import {defineScript} from '../support/scripts';

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};
const TITLE: PropertyDefinition = {type: 'string'};
const LABEL: PropertyDefinition = {
  type: 'string',
  required: true,
  default: 'none',
};
const DROP =
  'drops the default an interrupted run left on the column `label`, which it added ' +
  "with the property's default to fill the rows: the column is left as the model's CREATE TABLE makes it";

/**
 * MariaDB commits each DDL statement on its own: a run stopped between the
 * `ADD COLUMN ... DEFAULT <model default>` that fills a new column's rows
 * and the statement that drops that default again left the default for
 * good (the connector never compares defaults).
 */
describeOnDatabase(
  'mysql',
  "MariaDB: a new column's fill default an interrupted run left",
  db => {
    const apps: MigratingApp[] = [];
    let proxy: CuttingProxy | undefined;

    function app(
      properties: Record<string, PropertyDefinition>,
      port?: number,
    ) {
      const made = buildApp(
        MigratingApp,
        {
          db: {
            ...db().dataSourceConfig,
            ...(port !== undefined && {host: '127.0.0.1', port}),
          },
        },
        [{name: 'Note', properties: {id: ID, ...properties}}],
      );
      apps.push(made);
      return made;
    }

    const labelDefault = async () =>
      (
        await db().query<{stated: string | null}>(
          `SELECT COLUMN_DEFAULT AS stated FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Note' AND COLUMN_NAME = 'label'`,
        )
      ).map(r => r.stated);
    const marks = async () =>
      (
        await db().query<{key: string}>(
          "SELECT state_key AS `key` FROM schema_migration_state WHERE state_key LIKE 'filled-%'",
        )
      ).map(r => r.key);

    before(function () {
      skipOnEmbedded(this, db(), 'a proxy needs a server');
    });
    beforeEach(() => dropAllTables(db()));
    afterEach(async () => {
      for (const made of apps.splice(0)) await closeApp(made);
      await proxy?.close();
      proxy = undefined;
    });

    it('drops the default on the next run (dry run and --check say so first), then is up to date', async () => {
      await migrateSchemaWithReport(app({title: TITLE}));
      await db().query("INSERT INTO `Note` (title) VALUES ('a'), ('b')");
      // The connection breaks once the server was sent the ADD: it runs
      // it, and the run never sends the drop of the default.
      proxy = await cuttingProxy(
        serverSettings('mysql'),
        "NOT NULL DEFAULT 'none'",
      );
      await rejection(
        migrateSchemaWithReport(app({title: TITLE, label: LABEL}, proxy.port)),
      );
      expect(proxy.cut).to.be.true();
      expect(await labelDefault()).to.eql(["'none'"]);
      expect(await marks()).to.eql([
        `filled-column-default ["${db().name}", "Note", "label"]`,
      ]);

      const plan = await app({
        title: TITLE,
        label: LABEL,
      }).planSchemaMigration();
      expect(plan.dataSources[0].statements.map(s => s.reason)).to.eql([DROP]);
      const io = captureIo();
      expect(
        await runMigrationCli(
          () => app({title: TITLE, label: LABEL}),
          ['--check', '--json'],
          io,
        ),
      ).to.equal(3);
      const pending = (JSON.parse(io.out()) as SchemaMigrationReport)
        .dataSources[0].statements;
      expect(pending.map(s => [s.reason, s.lock])).to.eql([[DROP, 'brief']]);

      const report = await migrateSchemaWithReport(
        app({title: TITLE, label: LABEL}),
      );
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(report.dataSources[0].statements.map(s => s.reason)).to.eql([
        DROP,
      ]);
      expect(await labelDefault()).to.eql([null]);
      expect(await marks()).to.eql([]);
      // The rows kept the model's default.
      expect(
        (await db().query<{label: string}>('SELECT label FROM `Note`')).map(
          r => r.label,
        ),
      ).to.eql(['none', 'none']);
      const again = await migrateSchemaWithReport(
        app({title: TITLE, label: LABEL}),
        {fullCheck: true},
      );
      expect(again.dataSources[0]).to.containDeep({
        status: 'up-to-date',
        statements: [],
      });
    });

    it('refuses a mark that would not fit its state_key, naming the names to shorten, before the column is added', async () => {
      // Quotes count twice once JSON_ARRAY escapes them (the table's name
      // is kept short enough for its file name, 5 characters a quote).
      const table = '"'.repeat(45);
      const column = '"'.repeat(64);
      const note = (properties: Record<string, PropertyDefinition>) => {
        const made = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
          {
            name: 'Note',
            properties: {id: ID, ...properties},
            settings: {mysql: {table}},
          },
        ]);
        apps.push(made);
        return made;
      };
      await migrateSchemaWithReport(note({title: TITLE}));
      await db().query(`INSERT INTO \`${table}\` (title) VALUES ('a')`);
      const error = await rejection(
        migrateSchemaWithReport(
          note({title: TITLE, label: {...LABEL, mysql: {columnName: column}}}),
        ),
      );
      expect(error.message).to.match(
        /shorten these names: with the database's, escaped, they pass the 255 characters of a mark in the state table: """/,
      );
      const added = await db().query(
        `SELECT 1 FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?`,
        [table, column],
      );
      expect(added).to.eql([]);
    });

    it('summarises a marked statement as the ALTER it runs, and so does the plan, saying how it runs it', async () => {
      const note = (properties: Record<string, PropertyDefinition>) => {
        // MyISAM has no online DDL: the ADD blocks writes, so the summary
        // lists it.
        const made = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
          {
            name: 'Note',
            properties: {id: ID, ...properties},
            settings: {mysql: {engine: 'MyISAM'}},
          },
        ]);
        apps.push(made);
        return made;
      };
      await migrateSchemaWithReport(note({title: TITLE}));
      await db().query("INSERT INTO `Note` (title) VALUES ('a')");
      const io = captureIo();
      expect(
        await runMigrationCli(
          () => note({title: TITLE, label: LABEL}),
          ['--dry-run'],
          io,
        ),
      ).to.equal(0);
      const lock = io
        .out()
        .split('\n')
        .filter(line => /^\s+lock: /.test(line));
      expect(lock[0]).to.match(
        /: ALTER TABLE `Note` ADD COLUMN? `label` VARCHAR\(\d+\) NOT NULL DEFAULT 'none'/,
      );
      // The plan shows the ALTER the compound statement runs, and how.
      expect(io.out()).to.not.match(/^BEGIN NOT ATOMIC$/m);
      expect(io.out()).to.match(
        /\n-- runs in BEGIN NOT ATOMIC \.\.\. END, with a mark of its work in the state table until it is done \(the whole statement: --json\)\nALTER TABLE `Note` ADD COLUMN `label` VARCHAR\(\d+\) NOT NULL DEFAULT 'none'(?:, ALGORITHM=INSTANT)?;\n/,
      );
    });

    it("with schemaSource 'scripts', names the work a script stopped between its statements left in the drift it refuses, and a run of the models finishes it", async () => {
      await migrateSchemaWithReport(app({title: TITLE}));
      await db().query("INSERT INTO `Note` (title) VALUES ('a')");
      // The statements --generate writes for the new column.
      const [add] = (
        await app({title: TITLE, label: LABEL}).planSchemaMigration()
      ).dataSources[0].statements.map(s => s.sql);
      const stopped = app({title: TITLE, label: LABEL});
      stopped.migrationScript(
        defineScript({
          version: '1.0.0',
          async up(ctx) {
            await ctx.execute(add);
            throw new Error('stopped before its DROP DEFAULT');
          },
        }),
      );
      await rejection(
        migrateSchemaWithReport(stopped, {schemaSource: 'scripts'}),
      );
      // Made safe to run again: its ADD is not sent twice.
      const deployed = app({title: TITLE, label: LABEL});
      deployed.migrationScript(
        defineScript({version: '1.0.0', up: async () => undefined}),
      );
      const drift = await rejection(
        migrateSchemaWithReport(deployed, {schemaSource: 'scripts'}),
      );
      expect(drift).to.be.instanceOf(SchemaDriftError);
      expect(drift.message).to.containEql(`, model Note: ${DROP}\n`);
      await migrateSchemaWithReport(app({title: TITLE, label: LABEL}));
      expect(await labelDefault()).to.eql([null]);
      expect(await marks()).to.eql([]);
      const settled = await migrateSchemaWithReport(
        app({title: TITLE, label: LABEL}),
        {schemaSource: 'scripts'},
      );
      expect(settled.dataSources[0].status).to.equal('up-to-date');
    });

    it('leaves no mark after a run that was not interrupted', async () => {
      await migrateSchemaWithReport(app({title: TITLE}));
      await db().query("INSERT INTO `Note` (title) VALUES ('a')");
      const report = await migrateSchemaWithReport(
        app({title: TITLE, label: LABEL}),
      );
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(await labelDefault()).to.eql([null]);
      expect(await marks()).to.eql([]);
    });
  },
);
