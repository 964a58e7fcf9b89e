import {resolveMigrationOptions} from './options';
import type {SchemaMigrationOptions, SchemaMigrationReport} from './types';

/** An app whose `migrateSchema()` may be LoopBack's documented override. */
export interface AppWithMigrateSchema {
  migrateSchema(
    options?: SchemaMigrationOptions,
  ): Promise<SchemaMigrationReport | void>;
}

const collectors = new WeakMap<object, SchemaMigrationReport[]>();

/**
 * Run `app.migrateSchema(options)`, an overriding `migrateSchema()` of the
 * app included (with its extra steps), and resolve to the report of the
 * run, whether or not the override returns it. When the override calls
 * `super.migrateSchema()` more than once, the reports are joined in order;
 * when it never calls it, the report is empty and says so in `warnings`.
 *
 * @example
 * ```ts
 * const report = await migrateSchemaWithReport(app, {models: ['Todo']});
 * console.log(report.dataSources.map(ds => `${ds.name}: ${ds.status}`));
 * ```
 */
export async function migrateSchemaWithReport(
  app: AppWithMigrateSchema,
  options?: SchemaMigrationOptions,
): Promise<SchemaMigrationReport> {
  const reports: SchemaMigrationReport[] = [];
  const outer = collectors.get(app);
  collectors.set(app, reports);
  try {
    await app.migrateSchema(options);
  } finally {
    if (outer) collectors.set(app, outer);
    else collectors.delete(app);
  }
  return joinReports(reports, options);
}

/** Hand a finished run's report to the collector of `app`, if one listens. */
export function noteReport(app: object, report: SchemaMigrationReport): void {
  collectors.get(app)?.push(report);
}

function joinReports(
  reports: readonly SchemaMigrationReport[],
  options: SchemaMigrationOptions | undefined,
): SchemaMigrationReport {
  const [first, ...more] = reports;
  if (!first) {
    const resolved = resolveMigrationOptions(options);
    return {
      operation: resolved.operation,
      dryRun: resolved.dryRun,
      dataSources: [],
      scripts: [],
      warnings: [
        "the app's migrateSchema() did not call super.migrateSchema(): " +
          'loopback-schema-migration migrated nothing',
      ],
    };
  }
  if (more.length === 0) return first;
  return {
    ...first,
    dataSources: reports.flatMap(r => r.dataSources),
    scripts: reports.flatMap(r => r.scripts),
    warnings: reports.flatMap(r => r.warnings),
  };
}
