import type {Context} from '@loopback/core';
import {SchemaMigrator} from '../migrator';
import type {SchemaMigrationReport} from '../types';
import {createdTablesPresent} from './existing-tables';
import type {ShadowTarget} from './shadow-context';

/**
 * For `--initial`: a warning for each datasource whose own database holds
 * tables the initial script creates (so `migrateSchema()` records the
 * script there as applied without running it) but is behind the models.
 * The script holds the models as they are now; what that database lacks
 * would never reach it. Plans the app's databases with the schema sync (a
 * dry run: no lock, nothing changed or recorded).
 */
export async function databasesBehindModels(
  app: Context,
  shadows: readonly ShadowTarget[],
  plan: SchemaMigrationReport,
  models: readonly string[] | undefined,
): Promise<string[]> {
  const baselined: string[] = [];
  for (const shadow of shadows) {
    const existing = await createdTablesPresent(shadow, plan);
    if (existing.length > 0) baselined.push(shadow.target.name);
  }
  if (baselined.length === 0) return [];
  const sync = await new SchemaMigrator(app).migrate({
    dryRun: true,
    scripts: false,
    dataSources: baselined,
    ...(models ? {models: [...models]} : {}),
  });
  return sync.dataSources.flatMap(result => {
    const pending = result.statements;
    if (pending.length === 0) return [];
    return [
      `datasource "${result.name}": its database has the models' tables but ` +
        `is behind the models: the schema sync would apply ${pending.length} ` +
        `statement(s) there (the first: ${firstLine(pending[0].sql)}). The ` +
        'initial script is recorded there as applied without running, so ' +
        'these changes would never reach it: bring that database up to date ' +
        'with the schema sync first (`npm run migrate`, `--schema-source ' +
        'models`, the default), then deploy with `--schema-source scripts`.',
    ];
  });
}

function firstLine(sql: string): string {
  const line = sql.trim().split('\n')[0];
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
