import {expect} from '@loopback/testlab';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {MigrationLedgerError, migrateSchemaWithReport} from '../../src';
import {rejection} from '../support/rejection';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {createTestDatabase, type TestDatabase} from '../support/databases';
import {appAs, createDeployRole, dropDeployRole} from '../support/deploy-role';
import {buildGenerated} from '../support/generate';
import {LIBRARY_MODULE} from '../support/generated-files';
import {
  ledgerVersions,
  NOTE_MODEL,
  noteScript,
  notes,
} from '../support/scripts';

/**
 * PostgreSQL schemas as a role that may change one schema but not the
 * database (PostgreSQL 15 grants CREATE on schema public to its owner
 * alone; a deploy role gets it, not CREATE on the database).
 */
describe('PostgreSQL schemas (postgresql)', () => {
  let db: TestDatabase | undefined;
  let role = '';

  before(async function () {
    db = await createTestDatabase('postgresql');
    if (!db || db.embedded) this.skip();
    // What a DBA installs once; the connector asks for it before each table.
    await db.query('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"');
  });
  after(() => db?.drop());

  beforeEach(async () => {
    role = await createDeployRole(db!);
  });
  afterEach(async () => {
    await dropDeployRole(db!, role);
  });

  function appAsRole(models = [NOTE_MODEL]): MigratingApp {
    return appAs(db!, role, models);
  }

  it('warns that the rows stay in the old table of a model moved to another schema', async () => {
    const inSchema = (schema: string) =>
      buildApp(MigratingApp, {db: db!.dataSourceConfig}, [
        {...NOTE_MODEL, settings: {postgresql: {schema}}},
      ]);
    const first = inSchema('sales');
    try {
      await migrateSchemaWithReport(first);
      await db!.query("INSERT INTO sales.note (text) VALUES ('kept')");
    } finally {
      await closeApp(first);
    }
    const moved = inSchema('billing');
    try {
      const report = await migrateSchemaWithReport(moved);
      expect(report.dataSources[0].warnings).to.eql([
        'table "sales"."note" without a model in this app has the name of the ' +
          'table created for model Note, "billing"."note": if the model moved ' +
          'from schema "sales", its rows stay in the old table and the new one ' +
          'starts empty (move them in a migration script, INSERT INTO ' +
          '"billing"."note" SELECT ... FROM "sales"."note", or instead, before ' +
          'migrating, ALTER TABLE "sales"."note" SET SCHEMA "billing")',
      ]);
      // Planned again, the table exists: nothing more to say.
      const again = await moved.planSchemaMigration({fullCheck: true});
      expect(again.dataSources[0].warnings).to.eql([]);
    } finally {
      await closeApp(moved);
      await db!.query('DROP SCHEMA sales CASCADE; DROP SCHEMA billing CASCADE');
    }
  });

  it("refuses to start a second ledger where the user's search_path now leads, running no script again", async () => {
    await db!.query(`CREATE SCHEMA ${role}_app AUTHORIZATION ${role}`);
    const first = appAsRole();
    first.migrationScript(noteScript('v1'));
    try {
      await migrateSchemaWithReport(first);
    } finally {
      await closeApp(first);
    }
    await db!.query(`ALTER ROLE ${role} SET search_path = ${role}_app`);
    const second = appAsRole();
    second.migrationScript(noteScript('v1'));
    try {
      const error = await rejection(migrateSchemaWithReport(second));
      expect(error).to.be.instanceOf(MigrationLedgerError);
      expect((error as Error).message).to.match(
        new RegExp(
          `a table schema_migration_scripts exists in schema\\(s\\) "public", but the name resolves to schema "${role}_app".*` +
            `MIGRATION_LEDGER_TABLE\\)\\.to\\('public\\.schema_migration_scripts'\\)`,
        ),
      );
      expect(await notes(db!)).to.eql(['up:v1']);
      expect(await ledgerVersions(db!)).to.eql(['v1']);
      const made = await db!.query(
        `SELECT to_regclass('${role}_app.schema_migration_scripts') IS NULL AS none`,
      );
      expect(made[0].none).to.be.true();
    } finally {
      await closeApp(second);
      await db!.query(`DROP SCHEMA ${role}_app CASCADE`);
    }
  });

  it('creates a table in schema public with CREATE on it but not on the database', async () => {
    const app = appAsRole();
    try {
      const report = await migrateSchemaWithReport(app);
      const [result] = report.dataSources;
      expect(result.status).to.equal('migrated');
      expect(result.statements.map(s => s.sql)).to.not.containEql(
        'CREATE SCHEMA IF NOT EXISTS "public"',
      );
      const rows = await db!.query(
        "SELECT to_regclass('public.note') IS NOT NULL AS made",
      );
      expect(rows[0].made).to.be.true();
    } finally {
      await closeApp(app);
    }
  });

  it('still creates a schema no model table is in yet', async () => {
    await db!.query(`GRANT CREATE ON DATABASE "${db!.name}" TO ${role}`);
    const app = appAsRole([
      {...NOTE_MODEL, settings: {postgresql: {schema: `${role}_sales`}}},
    ]);
    try {
      const report = await migrateSchemaWithReport(app);
      expect(report.dataSources[0].statements.map(s => s.sql)).to.containEql(
        `CREATE SCHEMA IF NOT EXISTS "${role}_sales"`,
      );
      const rows = await db!.query(
        `SELECT to_regclass('${role}_sales.note') IS NOT NULL AS made`,
      );
      expect(rows[0].made).to.be.true();
    } finally {
      await closeApp(app);
      await db!.query(`DROP SCHEMA "${role}_sales" CASCADE`);
      await db!.query(`REVOKE CREATE ON DATABASE "${db!.name}" FROM ${role}`);
    }
  });

  it('deploys a generated script making a table in a schema the user may create in, but not the database', async () => {
    const schema = `${role}_sales`;
    await db!.query(`CREATE SCHEMA "${schema}"`);
    await db!.query(`GRANT USAGE, CREATE ON SCHEMA "${schema}" TO ${role}`);
    const models = [{...NOTE_MODEL, settings: {postgresql: {schema}}}];
    const dir = mkdtempSync(path.join(tmpdir(), 'lsm-schema-script-'));
    const developer = buildApp(
      MigratingApp,
      {db: db!.dataSourceConfig},
      models,
    );
    const deploy = appAsRole(models);
    try {
      const generated = await developer.generateMigrationScript('notes', {
        directory: path.join(dir, 'src/migrations'),
        version: '20261201090000',
        importFrom: LIBRARY_MODULE,
      });
      for (const script of buildGenerated(generated.file!, dir)) {
        deploy.migrationScript(script);
      }
      const report = await migrateSchemaWithReport(deploy, {
        schemaSource: 'scripts',
      });
      expect(report.scripts.map(s => s.status)).to.eql(['applied']);
      const rows = await db!.query(
        `SELECT to_regclass('${schema}.note') IS NOT NULL AS made`,
      );
      expect(rows[0].made).to.be.true();
    } finally {
      await closeApp(developer);
      await closeApp(deploy);
      rmSync(dir, {recursive: true, force: true});
      await db!.query(`DROP SCHEMA "${schema}" CASCADE`);
    }
  });
});
