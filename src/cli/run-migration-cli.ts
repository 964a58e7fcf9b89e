import {DataLossError, SchemaMigrationError} from '../errors';
import type {SchemaMigrationOptions, SchemaMigrationReport} from '../types';
import {
  CliUsageError,
  helpText,
  parseArgs,
  USAGE,
  type CliRequest,
} from './args';
import {paint, pendingStatements, planLines, summaryLines} from './format';
import {redact} from './redact';

/** The application the command line migrates: one with our mixin. */
export interface MigratableApplication {
  boot?(): Promise<void>;
  migrateSchema(
    options?: SchemaMigrationOptions,
  ): Promise<SchemaMigrationReport>;
  stop?(): Promise<void>;
}

/** Where the command line writes; the process's streams by default. */
export interface CliIo {
  readonly stdout: {write(text: string): unknown; readonly isTTY?: boolean};
  readonly stderr: {write(text: string): unknown; readonly isTTY?: boolean};
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes of {@link runMigrationCli}. */
export const EXIT = {ok: 0, failed: 1, usage: 2, refused: 3} as const;

/**
 * The command line for `src/migrate.ts`: boots the app, parses the flags,
 * migrates (or plans), prints a summary (or JSON) and resolves to the exit
 * code: 0 done or nothing to do, 1 failure, 2 usage error, 3 refused for data
 * loss or `--check` found pending changes. It never exits the process.
 *
 * @example
 * ```ts
 * runMigrationCli(() => new TodoListApplication(), process.argv.slice(2))
 *   .then(code => process.exit(code));
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
  const out = (text: string) => io.stdout.write(redact(text) + '\n');
  const err = (text: string) => io.stderr.write(redact(text) + '\n');
  let request: CliRequest;
  try {
    request = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof CliUsageError)) throw e;
    err(`migrate: ${e.message}\n${USAGE}\n(see --help)`);
    return EXIT.usage;
  }
  if (request.help) {
    out(helpText());
    return EXIT.ok;
  }
  const colours = paint(!!io.stdout.isTTY && !io.env.NO_COLOR && !request.json);
  const progress = (text: string) => {
    if (io.stderr.isTTY && !request.json) err(colours.dim(text));
  };

  let app: MigratableApplication | undefined;
  try {
    app = createApp();
    progress('Booting the application...');
    await app.boot?.();
    progress(request.options.dryRun ? 'Planning...' : 'Migrating...');
    const started = Date.now();
    const report = await app.migrateSchema(request.options);
    progress(`Finished in ${Date.now() - started} ms.`);
    return printReport(report, request, out, colours);
  } catch (e) {
    return printError(e, request, out, err);
  } finally {
    await app?.stop?.().catch(() => undefined);
  }
}

function printReport(
  report: SchemaMigrationReport,
  request: CliRequest,
  out: (text: string) => void,
  colours: ReturnType<typeof paint>,
): number {
  const pending = pendingStatements(report);
  if (request.json) {
    out(JSON.stringify(report, null, 2));
    return request.check && pending > 0 ? EXIT.refused : EXIT.ok;
  }
  const mode = report.operation === 'automigrate' ? 'rebuild' : 'update';
  if (request.check) {
    out(
      `Schema check (${mode}): ${pending > 0 ? `${pending} statement(s) pending` : 'up to date'}`,
    );
    out(summaryLines(report, colours).join('\n'));
    return pending > 0 ? EXIT.refused : EXIT.ok;
  }
  if (report.dryRun) {
    out(`Schema plan (${mode}, dry run: nothing was changed)`);
    out(summaryLines(report, colours).join('\n'));
    out(planLines(report, colours).join('\n'));
    return EXIT.ok;
  }
  out(`Schema migration (${mode})`);
  out(summaryLines(report, colours).join('\n'));
  return EXIT.ok;
}

function printError(
  error: unknown,
  request: CliRequest,
  out: (text: string) => void,
  err: (text: string) => void,
): number {
  const code = error instanceof DataLossError ? EXIT.refused : EXIT.failed;
  if (request.json) {
    const payload = {
      error: {
        name: error instanceof Error ? error.name : 'Error',
        code: error instanceof SchemaMigrationError ? error.code : undefined,
        message: error instanceof Error ? error.message : String(error),
      },
      report: (error as {report?: SchemaMigrationReport}).report,
    };
    out(JSON.stringify(payload, null, 2));
    return code;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DataLossError) {
    err(message);
    err(
      'Nothing was changed. To apply anyway and lose that data: migrate --accept-data-loss',
    );
  } else {
    err(`Migration failed: ${message}`);
  }
  return code;
}
