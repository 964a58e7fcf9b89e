import type {Context} from '@loopback/core';
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {debugLogger} from '../debug';
import {dialectFor} from '../dialects';
import {selectTargets} from '../discovery/selection';
import {InvalidMigrationOptionsError} from '../errors';
import {SchemaMigrator} from '../migrator';
import {SKIPPED_MIGRATION_SCRIPTS} from '../scripts/keys';
import {withRunScope} from '../runner/run-scope';
import type {SchemaMigrationOptions, SchemaMigrationReport} from '../types';
import {
  resolveGenerateOptions,
  type GenerateMigrationOptions,
  type ResolvedGenerateOptions,
} from './options';
import {renderMigrationFile, type GeneratedChanges} from './render';
import {withShadowDatabases, type ShadowTarget} from './shadow-context';
import {proveOnShadow} from './verify';
import {inScriptForm} from './script-form';
import {databasesBehindModels} from './behind-models';
import {tablesThatExistAlready} from './existing-tables';
import {
  columnsThatAreGoneAlready,
  columnsThatExistAlready,
} from './existing-columns';
import {indexesThatExistAlready} from './existing-indexes';
import {refuseUnbuiltGeneratedFiles} from './unbuilt-files';

const debug = debugLogger('generate');

/** What `generateMigrationScript()` did. */
export interface GeneratedMigration {
  /** The path of the written file; `undefined` when nothing changed or in a dry run. */
  readonly file?: string;
  /** The version of its script(s). */
  readonly version: string;
  /** The changes of each datasource that has some (empty: no file). */
  readonly changes: readonly GeneratedChanges[];
  /** The report of the plan on the shadow databases (scripts applied there). */
  readonly report: SchemaMigrationReport;
  /**
   * Things to review: datasources whose models, planned again on the shadow
   * database after the generated statements ran there, still need some, and
   * those whose `down()` did not bring back the schema the plan started from.
   */
  readonly warnings: readonly string[];
}

/**
 * Write a migration script from the models: on a shadow database per
 * datasource (a temporary database on the same server), apply the app's
 * migration scripts (none with `initial`), plan the models against it, run
 * the plan there (a statement the database refuses fails the run) and
 * write it as `<directory>/<version>-<name>.migration.ts`. The app's
 * own databases are not changed. Nothing is written when the models need no
 * change; an existing file is never overwritten.
 *
 * @throws InvalidMigrationOptionsError for a bad name or options, a file that exists, or an
 * earlier generated file of `directory` that is not among the app's scripts
 * (not for `initial`)
 * @throws ShadowDatabaseError when a shadow database cannot be created
 * @param skipScripts versions of scripts not applied on the shadow
 * databases (`--check`: those pending on the app's database)
 */
export async function generateMigrationScript(
  app: Context,
  name: string,
  options?: GenerateMigrationOptions,
  skipScripts?: ReadonlySet<string>,
): Promise<GeneratedMigration> {
  const resolved = resolveGenerateOptions(name, options);
  // An initial script replays no script: it is the whole schema anyway.
  if (!resolved.initial) {
    await refuseUnbuiltGeneratedFiles(app, resolved.directory);
  }
  const {
    plan: report,
    proof,
    shadows,
  } = await withRunScope(app, {operation: 'autoupdate'}, async ({targets}) => {
    const selected = selectTargets(targets, resolved);
    // A datasource with none of the selected models has nothing to plan: it
    // gets no shadow database (and does not count against a given one).
    const shadows: ShadowTarget[] = selected.flatMap(({target, models}) => {
      const dialect = dialectFor(target.connectorName);
      const connector = target.dataSource?.connector;
      return dialect &&
        connector &&
        models.length > 0 &&
        !target.skipReason &&
        !target.ownMigration
        ? [{target, connector, dialect}]
        : [];
    });
    if (shadows.length === 0) {
      throw new InvalidMigrationOptionsError(
        'Nothing to generate a migration script for: no selected datasource ' +
          `is a PostgreSQL or MySQL one with models (${
            targets.map(t => `"${t.name}" (${t.connectorName})`).join(', ') ||
            'none bound'
          }).`,
      );
    }
    if (resolved.shadowDatabase !== undefined && shadows.length > 1) {
      throw new InvalidMigrationOptionsError(
        `A given shadow database serves one datasource, and ${shadows.length} ` +
          `are selected (${shadows.map(s => `"${s.target.name}"`).join(', ')}): ` +
          'choose one with dataSources (CLI --datasources NAME).',
      );
    }
    // Only the shadowed datasources are planned; their scripts run on them.
    const options: SchemaMigrationOptions = {
      schemaSource: 'scripts',
      schemaDrift: 'warn',
      scripts: !resolved.initial,
      dataSources: shadows.map(s => s.target.name),
      ...(resolved.models ? {models: [...resolved.models]} : {}),
    };
    const shadowed = await withShadowDatabases(
      app,
      shadows,
      resolved.shadowDatabase,
      async context => {
        if (skipScripts) {
          context.bind(SKIPPED_MIGRATION_SCRIPTS).to(skipScripts);
        }
        const migrator = new SchemaMigrator(context);
        const plan = inScriptForm(await migrator.migrate(options), shadows);
        const proof = await proveOnShadow(context, shadows, plan, () =>
          migrator.migrate(options),
        );
        return {plan, proof};
      },
    );
    // An initial script is recorded as applied where its tables exist.
    const existing = resolved.initial
      ? []
      : [
          ...(await tablesThatExistAlready(shadows, shadowed.plan)),
          ...(await columnsThatExistAlready(shadows, shadowed.plan)),
          ...(await columnsThatAreGoneAlready(shadows, shadowed.plan)),
          ...(await indexesThatExistAlready(shadows, shadowed.plan)),
        ];
    return {
      plan: shadowed.plan,
      proof: {
        ...shadowed.proof,
        warnings: [...shadowed.proof.warnings, ...existing],
      },
      shadows,
    };
  });
  // Planned after the run's scope: it is a run (a dry one) of its own.
  const behind = resolved.initial
    ? await databasesBehindModels(app, shadows, report, resolved.models)
    : [];
  const warnings = [...proof.warnings, ...behind];
  const changes = report.dataSources.flatMap(ds => {
    const inverses = proof.inverses.get(ds.name);
    if (ds.statements.length === 0 || !inverses) return [];
    return [
      {
        dataSource: ds.name,
        connector: ds.connector,
        models: ds.models,
        statements: ds.statements,
        inverses,
        warnings: ds.warnings,
      },
    ];
  });
  if (changes.length === 0 || resolved.dryRun) {
    return {version: resolved.version, changes, report, warnings};
  }
  const file = await write(resolved, changes);
  debug('wrote %s', file);
  return {file, version: resolved.version, changes, report, warnings};
}

async function write(
  options: ResolvedGenerateOptions,
  changes: readonly GeneratedChanges[],
): Promise<string> {
  const file = path.resolve(
    options.directory,
    `${options.version}-${options.name}.migration.ts`,
  );
  const text = renderMigrationFile({
    ...options,
    generatedAt: new Date(),
    changes,
  });
  await mkdir(path.dirname(file), {recursive: true});
  try {
    await writeFile(file, text, {flag: 'wx'});
  } catch (err) {
    if ((err as {code?: string}).code !== 'EEXIST') throw err;
    throw new InvalidMigrationOptionsError(
      `${file} exists already; a generated migration never overwrites a file. ` +
        'Give another name or version, or delete the file if it is yours to replace.',
    );
  }
  return file;
}
