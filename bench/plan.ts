import type {DatabaseKind, TestDatabase} from '../test/support/databases';
import {buildApp, closeApp, MigratingApp} from '../test/support/app-builder';
import {dropDatabase, freshDatabase} from './databases';
import {benchModels, type ForeignKeySpelling} from './models';
import {runPsqlScript, writeScript} from './psql';

/**
 * The statements our plan emits to create the whole schema of `models`
 * models on an empty database (`planSchemaMigration()`; nothing is changed).
 */
export async function freshSchemaStatements(
  kind: DatabaseKind,
  models: number,
  spelling: ForeignKeySpelling,
): Promise<string[]> {
  const db = await freshDatabase(kind);
  const app = buildApp(
    MigratingApp,
    {db: db.dataSourceConfig},
    benchModels(models, spelling, 'fresh'),
  );
  try {
    const report = await app.planSchemaMigration();
    return report.dataSources.flatMap(ds => ds.statements.map(s => s.sql));
  } finally {
    await closeApp(app);
    await dropDatabase(db);
  }
}

/**
 * Create a schema on an empty database by running statements directly:
 * `psql -1 -f` on PostgreSQL, one statement after the other on MySQL.
 */
export async function replayStatements(
  db: TestDatabase,
  statements: readonly string[],
  scriptPath: string,
): Promise<void> {
  if (db.kind === 'postgresql') {
    await runPsqlScript(db, await writeScript(scriptPath, statements));
    return;
  }
  for (const sql of statements) await db.query(sql);
}
