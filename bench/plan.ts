import type {DatabaseKind, TestDatabase} from '../test/support/databases';
import {buildApp, closeApp, MigratingApp} from '../test/support/app-builder';
import {dialectFor} from '../src/dialects';
import {dropDatabase, freshDatabase} from './databases';
import {benchModels, type ForeignKeySpelling} from './models';
import {runClientScript, writeScript} from './client';

/**
 * The statements our plan emits to create the whole schema of `models`
 * models on an empty database (`planSchemaMigration()`; nothing is changed).
 * With `asConnectorWrites`, the connector's own statements instead: every
 * foreign key added by an `ALTER TABLE` after its table is made (the
 * dialect writes none inline).
 */
export async function freshSchemaStatements(
  kind: DatabaseKind,
  models: number,
  spelling: ForeignKeySpelling,
  asConnectorWrites = false,
): Promise<string[]> {
  const dialect = dialectFor(kind)!;
  const inline = dialect.inlineForeignKeys;
  if (asConnectorWrites) dialect.inlineForeignKeys = () => undefined;
  try {
    return await planFresh(kind, models, spelling);
  } finally {
    dialect.inlineForeignKeys = inline;
  }
}

async function planFresh(
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
 * Create a schema on an empty database by running statements directly
 * with the server's own client (see `runClientScript`).
 */
export async function replayStatements(
  db: TestDatabase,
  statements: readonly string[],
  scriptPath: string,
): Promise<void> {
  // Setup, not a floor: statement by statement, as any schema fits that way.
  await runClientScript(db, await writeScript(scriptPath, statements), false);
}
