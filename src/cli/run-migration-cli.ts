import type {Context} from '@loopback/core';
import {watchMadeDataSources} from '../discovery/data-sources';
import {staleBuildFileWarningsOfFailure} from '../discovery/stale-build-failure';
import type {GeneratedMigration} from '../generate/generate';
import type {GenerateMigrationOptions} from '../generate/options';
import {
  checkScriptsCoverModels,
  notComparedAfterDrift,
  type ScriptsCoverage,
  type GenerateMethod,
} from './check-scripts';
import {flushed, type Flushable} from './flushed';
import {generatedLines} from './generate-output';
import {nothingToBaseline, nothingToRevert} from './nothing-to-do';
import {
  migrateSchemaWithReport,
  type AppWithMigrateSchema,
} from '../migrate-with-report';
import type {
  BaselineMigrationsOptions,
  MigrationScriptStatus,
  RevertMigrationsOptions,
} from '../scripts/types';
import type {SchemaMigrationOptions, SchemaMigrationReport} from '../types';
import {CliUsageError, parseArgs, type CliRequest} from './args';
import {helpText, USAGE} from './help';
import {EXIT} from './exit-codes';
import {paint, pendingScripts, scriptLines, statusLines} from './format';
import {printError, printReport} from './print-outcome';
import {redact, redactedJson} from './redact';
import {requireSchemaMigrationMixin} from './require-mixin';
import {MIGRATION_SCRIPT_TAG} from '../scripts/keys';
import {consoleToStderr} from './console-to-stderr';

/**
 * The application the command line migrates: one with our mixin. Its
 * `migrateSchema()` may be LoopBack's documented override (extra steps
 * after `super.migrateSchema()`, no report returned).
 */
export interface MigratableApplication extends AppWithMigrateSchema {
  boot?(): Promise<void>;
  /** For `--dry-run` and `--check`: never calls an overriding `migrateSchema()`. */
  planSchemaMigration?(
    options?: SchemaMigrationOptions,
  ): Promise<SchemaMigrationReport>;
  /** For `--status`. */
  migrationStatus?(): Promise<MigrationScriptStatus[]>;
  /** For `--revert` and `--revert-to`. */
  revertMigrations?(
    options?: RevertMigrationsOptions,
  ): Promise<SchemaMigrationReport>;
  /** For `--baseline`. */
  baselineMigrations?(
    options?: BaselineMigrationsOptions,
  ): Promise<SchemaMigrationReport>;
  /** For `--generate`. */
  generateMigrationScript?(
    name: string,
    options?: GenerateMigrationOptions,
  ): Promise<GeneratedMigration>;
  stop?(): Promise<void>;
}

/** Where the command line writes; the process's streams by default. */
export interface CliIo {
  readonly stdout: Flushable & {readonly isTTY?: boolean};
  readonly stderr: Flushable & {readonly isTTY?: boolean};
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * The command line for `src/migrate.ts`: boots the app, parses the flags,
 * migrates (or plans, lists the migration scripts with `--status`, reverts
 * them with `--revert`/`--revert-to`, records them as applied with
 * `--baseline`), prints a summary (or JSON) and
 * resolves to the exit code: 0 done or nothing to do, 1 failure, 2 usage
 * error, 3 `--check` found changes that would apply cleanly, 4 refused (data
 * loss without `--accept-data-loss`, a predicted failure, a checksum
 * mismatch; for `--check`: a pending change would be). It never exits the
 * process, and resolves once its output has left it (a pipe takes 64 KiB
 * at a time): the `process.exit(code)` after it cuts nothing.
 *
 * @example
 * ```ts
 * runMigrationCli(() => new TodoListApplication(), process.argv.slice(2))
 *   .then(code => process.exit(code))
 *   .catch(err => {
 *     console.error('Cannot migrate database schema', err);
 *     process.exit(1);
 *   });
 * ```
 */
export async function runMigrationCli(
  createApp: () => MigratableApplication,
  argv: readonly string[],
  io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  },
): Promise<number> {
  try {
    return await runCommand(createApp, argv, io);
  } finally {
    await Promise.all([flushed(io.stdout), flushed(io.stderr)]);
  }
}

async function runCommand(
  createApp: () => MigratableApplication,
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  // Stacks of failing scripts point at their TypeScript source.
  process.setSourceMapsEnabled(true);
  const out = (text: string) => io.stdout.write(redact(text) + '\n');
  const err = (text: string) => io.stderr.write(redact(text) + '\n');
  const json = (value: unknown) => io.stdout.write(redactedJson(value) + '\n');
  let request: CliRequest;
  try {
    request = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof CliUsageError)) throw e;
    // With --json, stdout is JSON whatever happens, usage errors included
    // (`--json=yes` among them: it asks for JSON too).
    if (argv.some(arg => arg === '--json' || arg.startsWith('--json='))) {
      json({error: usageError(e.message)});
    } else {
      err(`migrate: ${e.message}\n${USAGE}\n(see --help)`);
    }
    return EXIT.usage;
  }
  if (request.help) {
    if (request.json) json({help: helpText()});
    else out(helpText());
    return EXIT.ok;
  }
  const colours = paint(!!io.stdout.isTTY && !io.env.NO_COLOR && !request.json);
  const progress = (text: string) => {
    if (io.stderr.isTTY && !request.json) err(colours.dim(text));
  };

  let app: MigratableApplication | undefined;
  const restoreConsole = request.json ? consoleToStderr() : undefined;
  try {
    app = createApp();
    if (hasBindings(app)) watchMadeDataSources(app);
    progress('Booting the application...');
    await app.boot?.();
    requireSchemaMigrationMixin(app);
    if (request.action === 'status') {
      const statuses = await mixinMethod(app, 'migrationStatus')();
      if (request.json) json(statuses);
      else out(statusLines(statuses, colours).join('\n'));
      return EXIT.ok;
    }
    if (request.action === 'revert') {
      progress('Reverting...');
      const report = await mixinMethod(app, 'revertMigrations')(request.revert);
      if (request.json) {
        json(report);
      } else if (report.scripts.length === 0) {
        out(nothingToRevert(request.revert));
      } else {
        out(`Reverted ${report.scripts.length} migration script(s)`);
        out(
          [
            ...report.warnings.map(w => `${colours.yellow('warning:')} ${w}`),
            ...scriptLines(report, colours),
          ].join('\n'),
        );
      }
      return EXIT.ok;
    }
    if (request.action === 'baseline') {
      const report = await mixinMethod(
        app,
        'baselineMigrations',
      )(request.baseline);
      if (request.json) {
        json(report);
      } else if (report.scripts.length === 0) {
        const registered = hasBindings(app)
          ? app.findByTag(MIGRATION_SCRIPT_TAG).length
          : undefined;
        out(nothingToBaseline(request.baseline, registered, report.warnings));
      } else {
        out(
          `Recorded ${report.scripts.filter(s => s.status === 'baselined').length} ` +
            'migration script(s) as applied, without running them',
        );
        out(scriptLines(report, colours).join('\n'));
      }
      return EXIT.ok;
    }
    if (request.action === 'generate') {
      progress('Planning on a shadow database...');
      const {name, options} = request.generate;
      const generated = await mixinMethod(app, 'generateMigrationScript')(
        name,
        options,
      );
      if (request.json) json(generated);
      else out(generatedLines(generated).join('\n'));
      return EXIT.ok;
    }
    progress(request.options.dryRun ? 'Planning...' : 'Migrating...');
    const started = Date.now();
    // A plan never runs the extra steps of an overriding migrateSchema().
    const report = request.options.dryRun
      ? await mixinMethod(app, 'planSchemaMigration')(request.options)
      : await migrateSchemaWithReport(app, {
          ...request.options,
          // Index builds say how far they are, on a terminal.
          ...(io.stderr.isTTY && !request.json && {onProgress: progress}),
        });
    let coverage: ScriptsCoverage | undefined;
    if (
      request.check &&
      request.options.schemaSource === 'scripts' &&
      pendingScripts(report) > 0
    ) {
      progress('Comparing the models with the scripts on a shadow database...');
      coverage = await checkScriptsCoverModels(
        checkOnShadows(app),
        request.options,
        report,
        request.generate.options.shadowDatabase,
      );
    }
    progress(`Finished in ${Date.now() - started} ms.`);
    return printReport(report, request, {out, err, json, colours}, coverage);
  } catch (e) {
    if (request.check && request.options.schemaSource === 'scripts') {
      notComparedAfterDrift(e);
    }
    // A stale build file often explains an error of the app's own code.
    const stale = await staleBuildFileWarningsOfFailure(e, app);
    return printError(e, request, {out, err, json, colours}, stale);
  } finally {
    await app?.stop?.().catch(() => undefined);
    restoreConsole?.();
  }
}

/**
 * The check's planning on shadow databases: the mixin's
 * `generateMigrationScript()`, which can also leave scripts out there.
 */
function checkOnShadows(app: MigratableApplication): GenerateMethod {
  // Throws, saying so, for an app without the mixin: then it is no Context.
  mixinMethod(app, 'generateMigrationScript');
  return async (name, options, skipScripts) => {
    const {generateMigrationScript} = await import('../generate/generate');
    return generateMigrationScript(
      app as unknown as Context,
      name,
      options,
      skipScripts,
    );
  };
}

/** A method the mixin adds, or an error saying the app lacks the mixin. */
function mixinMethod<
  K extends
    | 'planSchemaMigration'
    | 'migrationStatus'
    | 'revertMigrations'
    | 'baselineMigrations'
    | 'generateMigrationScript',
>(app: MigratableApplication, name: K): NonNullable<MigratableApplication[K]> {
  const method = app[name];
  if (typeof method !== 'function') {
    throw new Error(
      `the application has no ${name}(): wrap its class in SchemaMigrationMixin(...)`,
    );
  }
  return method.bind(app) as NonNullable<MigratableApplication[K]>;
}

/** The JSON of a usage error: what was wrong, and the usage line. */
function usageError(message: string) {
  return {name: 'CliUsageError', code: 'USAGE', message, usage: USAGE};
}

/** Whether the app is a LoopBack context (`createApp()` may give any object). */
function hasBindings(app: object): app is Pick<Context, 'findByTag'> {
  return typeof (app as {findByTag?: unknown}).findByTag === 'function';
}
