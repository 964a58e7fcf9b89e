import {randomBytes} from 'node:crypto';
import {migrateSchemaWithReport, type SchemaMigrationReport} from '../../src';
import {buildApp, closeApp, MigratingApp, type ModelSpec} from './app-builder';
import type {TestDatabase} from './databases';

/**
 * Make a PostgreSQL role such as deploys an app: it may log in and create
 * in schema public (PostgreSQL 15 grants that to the schema's owner
 * alone), not create on the database nor act as a superuser. Its name is
 * new each time (roles are server-wide); drop it with
 * {@link dropDeployRole}.
 */
export async function createDeployRole(db: TestDatabase): Promise<string> {
  const prefix = process.env.LSM_TEST_DB_PREFIX ?? 'lsm';
  const role = `${prefix}_deploy_${randomBytes(3).toString('hex')}`;
  await db.query(`CREATE ROLE ${role} LOGIN`);
  await db.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${role}`);
  return role;
}

/** Drop a role made by {@link createDeployRole}, and what it owns. */
export async function dropDeployRole(
  db: TestDatabase,
  role: string,
): Promise<void> {
  await db.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
}

/** An app of `models` on the test database that connects as `user`. */
export function appAs(
  db: TestDatabase,
  user: string,
  models: readonly ModelSpec[],
): MigratingApp {
  return buildApp(
    MigratingApp,
    {db: {...db.dataSourceConfig, user, password: ''}},
    models,
  );
}

/**
 * Plan, then migrate, an app of `models` connected as `user` (a deploy
 * role, or the superuser): the planned SQL and the run's report.
 */
export async function migrateAs(
  db: TestDatabase,
  user: string,
  models: readonly ModelSpec[],
): Promise<{planned: string[]; report: SchemaMigrationReport}> {
  const app = appAs(db, user, models);
  try {
    const plan = await app.planSchemaMigration();
    const report = await migrateSchemaWithReport(app);
    return {planned: plan.dataSources[0].statements.map(s => s.sql), report};
  } finally {
    await closeApp(app);
  }
}

/** The extensions installed in the (PostgreSQL) test database, by name. */
export async function extensions(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{name: string}>(
    'SELECT extname AS "name" FROM pg_extension ORDER BY 1',
  );
  return rows.map(r => r.name);
}
