import {resolveMigrationOptions} from './options';
import type {SchemaMigrationOptions, SchemaMigrationReport} from './types';

/** An app whose `migrateSchema()` may be LoopBack's documented override. */
export interface AppWithMigrateSchema {
  migrateSchema(
    options?: SchemaMigrationOptions,
  ): Promise<SchemaMigrationReport | void>;
}

/** What the `super.migrateSchema()` calls of one run gave. */
interface Collected {
  readonly reports: SchemaMigrationReport[];
  /** The error of the last call, when it failed (the override may have caught it). */
  failure?: {readonly error: unknown};
}

const collectors = new WeakMap<object, Collected>();

/**
 * Run `app.migrateSchema(options)`, an overriding `migrateSchema()` of the
 * app included (with its extra steps), and resolve to the report of the
 * run, whether or not the override returns it. When the override calls
 * `super.migrateSchema()` more than once, the reports are joined in order;
 * when it never calls it, the report is empty and says so in `warnings`.
 * When the last `super.migrateSchema()` call failed, it rejects with that
 * call's error, also when the override caught it and resolved (one that
 * caught it and called again, successfully, resolves).
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
  const collected: Collected = {reports: []};
  const outer = collectors.get(app);
  collectors.set(app, collected);
  try {
    await app.migrateSchema(options);
  } finally {
    if (outer) collectors.set(app, outer);
    else collectors.delete(app);
  }
  // An override that caught the failure does not make it a success.
  if (collected.failure) throw collected.failure.error;
  return joinReports(collected.reports, options);
}

/** Hand a finished run's report to the collector of `app`, if one listens. */
export function noteReport(app: object, report: SchemaMigrationReport): void {
  const collected = collectors.get(app);
  if (!collected) return;
  collected.reports.push(report);
  collected.failure = undefined;
}

/** Hand a failed run's error to the collector of `app`, if one listens. */
export function noteFailure(app: object, error: unknown): void {
  const collected = collectors.get(app);
  if (collected) collected.failure = {error};
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
