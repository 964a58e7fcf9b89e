import {randomBytes} from 'node:crypto';
import type {TestDatabase} from './databases';

/**
 * Make a user of the test database that may read its tables, not change
 * them: PostgreSQL USAGE on schema public and SELECT on its tables; MySQL
 * `mysqlPrivileges` on the database. Its name is new each time (users are
 * server-wide); drop it with {@link dropReadOnlyUser}.
 */
export async function createReadOnlyUser(
  db: TestDatabase,
  mysqlPrivileges = 'SELECT',
): Promise<string> {
  const prefix = process.env.LSM_TEST_DB_PREFIX ?? 'lsm';
  const user = `${prefix}_ro_${randomBytes(3).toString('hex')}`;
  if (db.kind === 'postgresql') {
    await db.query(`CREATE ROLE ${user} LOGIN`);
    await db.query(
      `GRANT USAGE ON SCHEMA public TO ${user}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${user}`,
    );
  } else {
    await db.query(`CREATE USER '${user}'@'%'`);
    await db.query(
      `GRANT ${mysqlPrivileges} ON \`${db.name}\`.* TO '${user}'@'%'`,
    );
  }
  return user;
}

/** Drop a user made by {@link createReadOnlyUser}, and what it owns. */
export async function dropReadOnlyUser(
  db: TestDatabase,
  user: string,
): Promise<void> {
  await db.query(
    db.kind === 'postgresql'
      ? `DROP OWNED BY ${user}; DROP ROLE ${user}`
      : `DROP USER '${user}'@'%'`,
  );
}
