/** The usage line and the `--help` text of the migrate command line. */

/** The usage line printed with every usage error. */
export const USAGE =
  'usage: migrate [--rebuild] [--dry-run] [--check] [--accept-data-loss] ' +
  '[--models A,B] [--datasources db] [--no-scripts] [--accept-checksum-changes] ' +
  '[--script-timeout MS] [--terminate-orphaned-migrations] ' +
  '[--offline] [--full-check] [--lock-timeout MS] [--statement-lock-timeout MS] ' +
  '[--schema-source models|scripts] ' +
  '[--status | --revert | --revert-to VERSION | --baseline [VERSION] | --generate NAME [--initial] [--directory DIR] [--import-from MODULE]] [--shadow-url URL] ' +
  '[--json] [--verbose] [--help]';

/** One line per flag, for `--help`. */
export const FLAGS: ReadonlyArray<readonly [string, string]> = [
  [
    '--rebuild',
    'drop and recreate the tables (automigrate): stored data is lost',
  ],
  [
    '--dry-run',
    'print every statement the migration would run; change nothing',
  ],
  [
    '--check',
    'change nothing; exit 0 when up to date, 3 when changes would apply cleanly (or scripts are pending, whose own statements are not judged), 4 when a run would be refused',
  ],
  [
    '--accept-data-loss',
    'allow statements that destroy stored data (dropped columns, lossy type changes); with --revert or --revert-to: a down() that drops data',
  ],
  ['--models A,B', 'migrate only these models (comma-separated model names)'],
  [
    '--datasources db',
    'migrate only these datasources (comma-separated names as bound)',
  ],
  [
    '--no-scripts',
    'sync the schema only; do not run pending migration scripts',
  ],
  [
    '--accept-checksum-changes',
    'accept applied migration scripts whose code changed (record the new checksum)',
  ],
  [
    '--script-timeout MS',
    'stop a migration script running longer than MS milliseconds (default 600000; rolled back on PostgreSQL)',
  ],
  [
    '--offline',
    'change existing tables in the plain form, in one transaction (no online forms or phases; longer table locks)',
  ],
  [
    '--lock-timeout MS',
    'wait at most MS milliseconds for the migration lock, a connection, or a busy table (default 60000; 0: try each once); also with --revert, --revert-to, --baseline',
  ],
  [
    '--statement-lock-timeout MS',
    'let one DDL statement wait at most MS milliseconds for a table lock before it backs off and retries (default 500)',
  ],
  [
    '--terminate-orphaned-migrations',
    "end a dead migration's transaction still running on the server instead of waiting for it",
  ],
  [
    '--full-check',
    'plan every model even when the schema fingerprint says nothing changed since the last run',
  ],
  [
    '--status',
    'list every migration script: applied, pending, changed or missing; change nothing',
  ],
  [
    '--revert',
    'revert the applied migration script of the highest version (its down())',
  ],
  [
    '--revert-to VERSION',
    "revert every applied migration script above VERSION (which stays applied; a generated file's version keeps its +online, +02 and per-datasource parts applied)",
  ],
  [
    '--baseline [VERSION]',
    'record the migration scripts up to VERSION (all without it) as applied, without running them; with --datasources, only theirs',
  ],
  [
    '--schema-source models|scripts',
    'scripts: only migration scripts change the schema; a difference left between models and database is schema drift (exit 4)',
  ],
  [
    '--generate NAME',
    'write src/migrations/<version>-NAME.migration.ts from the models, planned on a shadow database; changes no database',
  ],
  [
    '--initial',
    'with --generate: a script for the whole schema (recorded as applied where the tables exist)',
  ],
  [
    '--directory DIR',
    "with --generate: the folder the file is written to, from the working directory (default 'src/migrations')",
  ],
  [
    '--import-from MODULE',
    "with --generate: the module the file imports from (default 'loopback-schema-migration')",
  ],
  [
    '--shadow-url URL',
    'with --generate or --check --schema-source scripts: plan on this empty database instead of creating one (the tables, schemas and extensions the run made are dropped afterwards)',
  ],
  ['--json', 'print the report as JSON on stdout, and nothing else'],
  [
    '--verbose',
    "on a failure, also print the stacks of its causes (a script's file:line)",
  ],
  ['--help', 'print this help'],
];

/** The text of `--help`. */
export function helpText(): string {
  const width = Math.max(...FLAGS.map(([flag]) => flag.length));
  return [
    'Migrate the database schema of this LoopBack application (loopback-schema-migration).',
    '',
    USAGE,
    '',
    ...FLAGS.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    '',
    'Exit codes: 0 done or nothing to do, 1 failed, 2 usage error,',
    '3 --check found pending changes: statements that would apply cleanly, or scripts (not judged)',
    "  (or that are refused only before pending runs = 'before-schema' scripts, which run first),",
    '4 refused: data loss without --accept-data-loss, a statement the database would reject',
    '  with the current data (for --check: a pending one), a changed applied script,',
    '  a model the database cannot take as declared (a name too long, ...),',
    '  schema drift (--schema-source scripts: models and database differ after the scripts;',
    '  for --check with scripts pending, the database is not what its applied scripts make).',
  ].join('\n');
}
