import {migrateSchemaWithReport} from '../../src';
import {expect} from '@loopback/testlab';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {createTestDatabase, type TestDatabase} from '../support/databases';
import {chainedModels} from '../support/schemas';

/**
 * PostgreSQL event triggers see every DDL command the server runs: they
 * prove that planning sends none and that applying runs exactly the plan.
 */
describe('plan fidelity, seen by PostgreSQL event triggers', () => {
  let db: TestDatabase | undefined;
  let app: MigratingApp | undefined;

  before(async function () {
    db = await createTestDatabase('postgresql');
    if (!db) return this.skip();
    await db.query(
      'CREATE TABLE ddl_log (id SERIAL PRIMARY KEY, tag TEXT, object TEXT)',
    );
    await db.query(`
      CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
      DECLARE r RECORD;
      BEGIN
        FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
          IF r.object_identity IS DISTINCT FROM 'public.ddl_log' THEN
            INSERT INTO ddl_log (tag, object) VALUES (r.command_tag, r.object_identity);
          END IF;
        END LOOP;
      END $$`);
    await db.query(`
      CREATE FUNCTION log_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
      DECLARE r RECORD;
      BEGIN
        FOR r IN SELECT * FROM pg_event_trigger_dropped_objects() WHERE original LOOP
          INSERT INTO ddl_log (tag, object) VALUES ('DROP ' || upper(r.object_type), r.object_identity);
        END LOOP;
      END $$`);
    await db.query(
      'CREATE EVENT TRIGGER lsm_ddl ON ddl_command_end EXECUTE FUNCTION log_ddl()',
    );
    await db.query(
      'CREATE EVENT TRIGGER lsm_drop ON sql_drop EXECUTE FUNCTION log_drop()',
    );
  });
  after(async () => {
    if (app) await closeApp(app);
    if (db) {
      await db.query('DROP EVENT TRIGGER IF EXISTS lsm_ddl');
      await db.query('DROP EVENT TRIGGER IF EXISTS lsm_drop');
      await db.drop();
    }
  });

  async function logged(): Promise<string[]> {
    const rows = await db!.query<{tag: string; object: string}>(
      "SELECT tag, object FROM ddl_log WHERE object NOT LIKE '%seq%' ORDER BY id",
    );
    await db!.query('TRUNCATE ddl_log');
    return rows.map(r => `${r.tag} ${r.object}`);
  }

  it('sends no DDL while planning, then runs exactly the planned statements', async () => {
    await logged();
    app = buildApp(MigratingApp, {db: db!.dataSourceConfig}, chainedModels(3));

    const plan = await app.planSchemaMigration();
    expect(await logged()).to.eql([]);

    const report = await migrateSchemaWithReport(app);
    expect(report.dataSources[0].statements).to.eql(
      plan.dataSources[0].statements,
    );
    const expected = plan.dataSources[0].statements
      .map(s => s.sql)
      .filter(sql => /^(CREATE TABLE|CREATE\s+INDEX|ALTER TABLE)/i.test(sql))
      .flatMap(sql => {
        const table = /(?:TABLE|ON)\s+"public"\."(\w+)"/i.exec(sql)![1];
        // The server adds a foreign key written in a CREATE TABLE once the
        // table is made, and reports that as an ALTER TABLE of it.
        if (/^CREATE TABLE/i.test(sql)) {
          return [
            `CREATE TABLE public.${table}`,
            ...(/FOREIGN KEY/i.test(sql)
              ? [`ALTER TABLE public.${table}`]
              : []),
          ];
        }
        if (/^CREATE\s+INDEX/i.test(sql))
          return [`CREATE INDEX public.${/INDEX\s+"(\w+)"/i.exec(sql)![1]}`];
        return [`ALTER TABLE public.${table}`];
      });
    // Side effects of the planned statements: the extension's functions and
    // each table's primary key index, and the fast path's table of
    // fingerprints, created after the plan ran.
    const ran = (await logged()).filter(
      entry =>
        !/^CREATE (SCHEMA|EXTENSION|FUNCTION)|^ALTER SEQUENCE|_pkey$|\.schema_migration_state$/.test(
          entry,
        ),
    );
    expect(ran).to.eql(expected);
  });

  it('sends no DDL when the plan is empty', async () => {
    await migrateSchemaWithReport(app!);
    await logged();
    const report = await migrateSchemaWithReport(app!);
    expect(report.dataSources[0].status).to.equal('up-to-date');
    expect(await logged()).to.eql([]);
  });
});
