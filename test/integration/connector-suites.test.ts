import type {DefaultCrudRepository, Entity} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {DataLossError, migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  StockApp,
  type ModelSpec,
} from '../support/app-builder';
import {exactDefinitions} from '../support/catalog';
import {
  createTestDatabase,
  DATABASE_KINDS,
  describeOnDatabase,
  type TestDatabase,
} from '../support/databases';
import {
  CONNECTOR_SCENARIOS,
  type Scenario,
} from '../support/connector-scenarios';

/**
 * The model histories of loopback-connector-postgresql's and
 * loopback-connector-mysql's own migration suites (autoupdate, migration,
 * mapping, schemas), each step migrated by the stock `migrateSchema()` on
 * one database (run twice, to its settled state) and by ours on another, with rows written between the steps:
 * the schemas must come out the same, a second plan must find nothing to
 * do, and every value stock keeps must be kept (a step that destroys values
 * is refused first, as documented, and then run with `acceptDataLoss`).
 */
for (const kind of DATABASE_KINDS) {
  describeOnDatabase(
    kind,
    `the connector's own migration suites (${kind})`,
    ours => {
      let stock: TestDatabase;
      before(async function () {
        const made = await createTestDatabase(kind);
        if (!made) this.skip();
        stock = made!;
      });
      after(() => stock?.drop());
      afterEach(async () => {
        for (const db of [stock, ours()]) await dropEverything(db);
      });

      for (const scenario of CONNECTOR_SCENARIOS) {
        if (scenario.only && scenario.only !== kind) continue;
        it(scenario.title, async () => {
          const refused: number[] = [];
          if (scenario.prepare) {
            for (const db of [stock, ours()]) await db.query(scenario.prepare);
          }
          for (const [step, models] of scenario.steps.entries()) {
            await migrate(StockApp, stock, models(kind), scenario, step);
            const report = await migrate(
              MigratingApp,
              ours(),
              models(kind),
              scenario,
              step,
              () => refused.push(step),
            );
            expect({step, left: report}).to.eql({step, left: []});
            expect({step, schema: await definitions(ours())}).to.eql({
              step,
              schema: await definitions(stock),
            });
            expect({step, rows: await rowsOf(ours())}).to.eql({
              step,
              rows: await rowsOf(stock),
            });
          }
          expect(refused).to.eql(scenario.refusedSteps?.[kind] ?? []);
        });
      }
    },
  );
}

/**
 * Migrate `models` with the app class, then write the step's rows; for our
 * app, return what a second full plan would still do. A DataLossError is
 * noted and the step run again with `acceptDataLoss`.
 */
async function migrate(
  App: typeof MigratingApp | typeof StockApp,
  db: TestDatabase,
  models: ModelSpec[],
  scenario: Scenario,
  step: number,
  onRefused?: () => void,
): Promise<string[]> {
  const app = buildApp(App, {db: db.dataSourceConfig}, models);
  try {
    if (app instanceof MigratingApp) {
      await migrateSchemaWithReport(app).catch(async (err: Error) => {
        if (!(err instanceof DataLossError)) throw err;
        onRefused?.();
        await migrateSchemaWithReport(app, {acceptDataLoss: true});
      });
    } else {
      // Twice: stock's second run makes what its first leaves for it (a
      // generated column's NOT NULL dropped), as ours does in one.
      await app.migrateSchema();
      await app.migrateSchema();
    }
    for (const [model, rows] of Object.entries(scenario.rows?.[step] ?? {})) {
      const repository = await app.get<DefaultCrudRepository<Entity, unknown>>(
        `repositories.${model}Repository`,
      );
      for (const row of rows) await repository.create(row);
    }
    if (!(app instanceof MigratingApp)) return [];
    const again = await migrateSchemaWithReport(app, {
      dryRun: true,
      fullCheck: true,
    });
    return again.dataSources.flatMap(d => d.statements.map(s => s.sql));
  } finally {
    await closeApp(app);
  }
}

/** The user schemas' (PostgreSQL) or the database's (MySQL) tables, as the server defines them. */
async function definitions(db: TestDatabase): Promise<string[]> {
  if (db.kind === 'postgresql') {
    const rows = await db.query<{line: string}>(
      `SELECT n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) ||
              CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END ||
              coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') AS "line"
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname IN (${USER_SCHEMAS}) AND c.relkind = 'r' AND c.relname <> 'schema_migration_state'
          AND a.attnum > 0 AND NOT a.attisdropped
       UNION ALL
       SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN (${USER_SCHEMAS}) AND c.relname <> 'schema_migration_state'
       UNION ALL
       SELECT conrelid::regclass::text || '.' || conname || ' ' || pg_get_constraintdef(oid)
         FROM pg_constraint
        WHERE connamespace::regnamespace::text IN (${USER_SCHEMAS})
          AND conrelid::regclass::text <> 'schema_migration_state'`,
    );
    return rows.map(r => r.line).sort();
  }
  return exactDefinitions(db);
}

/** The schemas the scenarios use, besides `public`. */
const SCHEMAS = ['myapp_test', 'schema1', 'schema2', 'aschema'];
const USER_SCHEMAS = ['public', ...SCHEMAS].map(s => `'${s}'`).join(', ');

async function mysqlTables(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{name: string}>(
    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> 'schema_migration_state'",
  );
  return rows.map(r => r.name);
}

/**
 * Each table's rows, as JSON text, sorted. A time within the hour (a
 * column's `now` default, filled on insert) reads `"now"`: each side wrote
 * its rows at its own moment.
 */
async function rowsOf(db: TestDatabase): Promise<Record<string, string[]>> {
  const names =
    db.kind === 'postgresql'
      ? (
          await db.query<{name: string}>(
            `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
               FROM information_schema.tables
              WHERE table_schema IN (${USER_SCHEMAS}) AND table_name <> 'schema_migration_state'`,
          )
        ).map(r => r.name)
      : (await mysqlTables(db)).map(n => `\`${n}\``);
  const rows: Record<string, string[]> = {};
  for (const name of names) {
    rows[name] = (
      await db.query<Record<string, unknown>>(`SELECT * FROM ${name}`)
    )
      .map(row => JSON.stringify(withNowTimes(row)))
      .sort();
  }
  return rows;
}

async function dropEverything(db: TestDatabase): Promise<void> {
  if (db.kind === 'postgresql') {
    await db.query(
      `DROP SCHEMA IF EXISTS ${SCHEMAS.join(', ')} CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public`,
    );
    return;
  }
  await db.query('SET FOREIGN_KEY_CHECKS = 0');
  for (const name of await mysqlTables(db)) {
    await db.query(`DROP TABLE \`${name}\``);
  }
  await db.query('DROP TABLE IF EXISTS schema_migration_state');
  await db.query('SET FOREIGN_KEY_CHECKS = 1');
}

function withNowTimes(row: Record<string, unknown>): Record<string, unknown> {
  const recent = (v: unknown) =>
    v instanceof Date && Math.abs(v.getTime() - Date.now()) < 3_600_000;
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, recent(v) ? 'now' : v]),
  );
}
