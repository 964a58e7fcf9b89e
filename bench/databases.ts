import {
  createTestDatabase,
  type DatabaseKind,
  type TestDatabase,
} from '../test/support/databases';

const open = new Set<TestDatabase>();

/**
 * A new, empty, uniquely named database on the real server (via the test
 * suites' `createTestDatabase`), remembered until it is dropped so that
 * {@link dropAllDatabases} can clean up after a failure.
 *
 * @throws when the server cannot be reached (a benchmark on the embedded
 * stand-in the test suites may fall back to would be meaningless)
 */
export async function freshDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const previousCi = process.env.CI;
  // CI=true makes an unreachable server an error instead of a skip or a stand-in.
  process.env.CI = 'true';
  let db: TestDatabase | undefined;
  try {
    db = await createTestDatabase(kind);
  } finally {
    if (previousCi === undefined) delete process.env.CI;
    else process.env.CI = previousCi;
  }
  if (!db || (db as {embedded?: boolean}).embedded) {
    await db?.drop();
    throw new Error(`no ${kind} server to benchmark (see DEVELOPERS.md)`);
  }
  open.add(db);
  return db;
}

/** Drop a database made by {@link freshDatabase}, ending its other sessions first. */
export async function dropDatabase(db: TestDatabase): Promise<void> {
  open.delete(db);
  await endOtherSessions(db).catch(() => undefined);
  await db.drop();
}

/** Drop every database {@link freshDatabase} made that is still there. */
export async function dropAllDatabases(): Promise<string[]> {
  const failures: string[] = [];
  for (const db of [...open]) {
    await dropDatabase(db).catch((err: unknown) =>
      failures.push(`${db.name}: ${String(err)}`),
    );
  }
  return failures;
}

/**
 * End every session on the database but our own: what a killed measuring
 * process may leave running on the server (MariaDB finishes a statement
 * whose client has gone before it notices).
 */
export async function endOtherSessions(db: TestDatabase): Promise<void> {
  if (db.kind === 'postgresql') {
    await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return;
  }
  const sessions = await db.query<{id: number}>(
    `SELECT id AS id FROM information_schema.processlist
      WHERE db = DATABASE() AND id <> CONNECTION_ID()`,
  );
  for (const {id} of sessions) {
    await db.query(`KILL ${Number(id)}`).catch(() => undefined);
  }
}
