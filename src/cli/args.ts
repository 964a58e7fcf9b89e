import type {
  BaselineMigrationsOptions,
  RevertMigrationsOptions,
} from '../scripts/types';
import {
  migrationNameProblem,
  type GenerateMigrationOptions,
} from '../generate/options';
import {editDistance, MAX_TIMEOUT_MS, tooLong} from '../options';
import type {SchemaMigrationOptions} from '../types';

/**
 * What the command line does: migrate (the default), list the migration
 * scripts (`--status`), revert scripts (`--revert`, `--revert-to`), or
 * record them as applied without running them (`--baseline`).
 */
export type CliAction =
  'migrate' | 'status' | 'revert' | 'baseline' | 'generate';

/** What the command line asks for. */
export interface CliRequest {
  readonly help: boolean;
  readonly json: boolean;
  readonly check: boolean;
  /** Print the stacks of a failure's causes (a script's, the driver's). */
  readonly verbose: boolean;
  readonly action: CliAction;
  /** For `migrate`. */
  readonly options: SchemaMigrationOptions;
  /** For `revert`. */
  readonly revert: RevertMigrationsOptions;
  /** For `baseline`. */
  readonly baseline: BaselineMigrationsOptions;
  /** For `generate`: the migration's name and options. */
  readonly generate: {
    readonly name: string;
    readonly options: GenerateMigrationOptions;
  };
}

/** A command line that cannot be understood; exit code 2. */
export class CliUsageError extends Error {}

const BOOLEAN_FLAGS = new Set([
  '--rebuild',
  '--dry-run',
  '--check',
  '--accept-data-loss',
  '--json',
  '--verbose',
  '--help',
  '--no-scripts',
  '--accept-checksum-changes',
  '--status',
  '--revert',
  '--terminate-orphaned-migrations',
  '--offline',
  '--full-check',
  '--initial',
]);
/**
 * Flags that take a number of milliseconds, and the least each takes: that
 * of its option (`--lock-timeout 0`: the lock is tried once, a busy table
 * once; `--statement-lock-timeout 0` waits the least the database can).
 */
const MS_FLAGS: ReadonlyMap<string, number> = new Map([
  ['--script-timeout', 1],
  ['--lock-timeout', 0],
  ['--statement-lock-timeout', 0],
]);
const LIST_FLAGS = new Set(['--models', '--datasources']);
/** Flags that take one value, and what each needs (for its usage error). */
const VALUE_NAMES: Readonly<Record<string, string>> = {
  '--revert-to': 'a version',
  '--generate': 'a migration name, e.g. --generate add-todo-priority',
  '--schema-source': 'models or scripts',
  '--shadow-url':
    'a database URL, e.g. --shadow-url postgres://localhost/shadow',
  '--import-from': 'a module name, e.g. --import-from ../../src',
  '--directory': 'a folder, e.g. --directory db/migrations',
};
const VALUE_FLAGS: ReadonlySet<string> = new Set(Object.keys(VALUE_NAMES));
/** Flags whose value may be left out. */
const OPTIONAL_VALUE_FLAGS = new Set(['--baseline']);

/** Flags that only make sense when migrating. */
const MIGRATE_ONLY = [
  '--rebuild',
  '--dry-run',
  '--check',
  '--accept-data-loss',
  '--no-scripts',
  '--models',
  '--datasources',
  '--script-timeout',
  '--terminate-orphaned-migrations',
  '--offline',
  '--full-check',
  '--lock-timeout',
  '--statement-lock-timeout',
];

/** Every flag, for the suggestion of a misspelt one. */
const ALL_FLAGS: readonly string[] = [
  ...BOOLEAN_FLAGS,
  ...LIST_FLAGS,
  ...MS_FLAGS.keys(),
  ...VALUE_FLAGS,
  ...OPTIONAL_VALUE_FLAGS,
];

/** ` (did you mean --dry-run?)` for a flag within two edits of one, case aside. */
function nearFlag(name: string): string {
  const lower = name.toLowerCase();
  const near = ALL_FLAGS.find(flag => editDistance(flag, lower) <= 2);
  return near === undefined ? '' : ` (did you mean ${near}?)`;
}

/**
 * Parse the arguments of a migrate script (`process.argv.slice(2)`).
 *
 * @throws CliUsageError saying what is wrong
 */
export function parseArgs(argv: readonly string[]): CliRequest {
  const flags = new Set<string>();
  const lists = new Map<string, string[]>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = splitInline(arg);
    const leastMs = MS_FLAGS.get(name);
    if (BOOLEAN_FLAGS.has(name)) {
      if (inline !== undefined)
        throw new CliUsageError(`${name} takes no value (got "${arg}")`);
      if (flags.has(name)) throw new CliUsageError(`${name} is given twice`);
      flags.add(name);
    } else if (LIST_FLAGS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) {
        throw new CliUsageError(
          `${name} needs a comma-separated list of names`,
        );
      }
      const names = value
        .split(',')
        .map(s => s.trim())
        .filter(Boolean);
      if (names.length === 0)
        throw new CliUsageError(`${name} needs at least one name`);
      lists.set(name, [...(lists.get(name) ?? []), ...names]);
    } else if (OPTIONAL_VALUE_FLAGS.has(name)) {
      if (flags.has(name)) throw new CliUsageError(`${name} is given twice`);
      flags.add(name);
      const next = argv[i + 1];
      const value =
        inline ??
        (next !== undefined && !next.startsWith('--') ? argv[++i] : undefined);
      if (value === '') throw new CliUsageError(`${name}= needs a version`);
      if (value !== undefined) values.set(name, value);
    } else if (leastMs !== undefined) {
      const value = inline ?? argv[++i];
      const ms = Number(value);
      if (!value || !/^[0-9]+$/.test(value) || ms < leastMs) {
        throw new CliUsageError(
          `${name} needs a whole number of milliseconds (${leastMs} or more), got ${value === undefined ? 'nothing' : JSON.stringify(value)}`,
        );
      }
      if (ms > MAX_TIMEOUT_MS) throw new CliUsageError(tooLong(name, ms));
      if (values.has(name)) throw new CliUsageError(`${name} is given twice`);
      values.set(name, value);
    } else if (VALUE_FLAGS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--') || value === '') {
        throw new CliUsageError(`${name} needs ${VALUE_NAMES[name]}`);
      }
      if (values.has(name)) throw new CliUsageError(`${name} is given twice`);
      values.set(name, value);
    } else {
      throw new CliUsageError(
        arg.startsWith('-')
          ? `unknown flag "${arg}"${nearFlag(name)}`
          : `unexpected argument "${arg}"`,
      );
    }
  }
  if (flags.has('--check') && flags.has('--dry-run')) {
    throw new CliUsageError(
      '--check and --dry-run are two ways to not change anything; pass one',
    );
  }
  const given = (flag: string) =>
    flags.has(flag) || lists.has(flag) || values.has(flag);
  const actions = [
    '--status',
    '--revert',
    '--revert-to',
    '--baseline',
    '--generate',
  ].filter(given);
  const schemaSource = values.get('--schema-source');
  if (
    schemaSource !== undefined &&
    !['models', 'scripts'].includes(schemaSource)
  ) {
    throw new CliUsageError(
      `--schema-source must be models or scripts, got "${schemaSource}"`,
    );
  }
  if (flags.has('--rebuild') && schemaSource === 'scripts') {
    throw new CliUsageError(
      '--rebuild drops and recreates the tables from the models; ' +
        '--schema-source scripts changes the schema only through migration scripts: pass one',
    );
  }
  if (flags.has('--no-scripts') && schemaSource === 'scripts') {
    throw new CliUsageError(
      '--no-scripts runs no migration script; --schema-source scripts changes the schema ' +
        'only through them: pass one (--check --schema-source scripts compares without running them)',
    );
  }
  const generateName = values.get('--generate');
  const nameProblem =
    generateName !== undefined && migrationNameProblem(generateName);
  if (nameProblem) throw new CliUsageError(`--generate: ${nameProblem}`);
  if (flags.has('--initial') && !values.has('--generate')) {
    throw new CliUsageError('--initial is for --generate NAME');
  }
  for (const flag of ['--import-from', '--directory']) {
    if (values.has(flag) && !values.has('--generate')) {
      throw new CliUsageError(`${flag} is for --generate NAME`);
    }
  }
  if (
    values.has('--shadow-url') &&
    !values.has('--generate') &&
    !(flags.has('--check') && schemaSource === 'scripts')
  ) {
    throw new CliUsageError(
      '--shadow-url is for --generate NAME and --check --schema-source scripts',
    );
  }
  if (actions.length > 1) {
    throw new CliUsageError(
      `${actions.join(' and ')} cannot be combined; pass one`,
    );
  }
  const [actionFlag] = actions;
  const stray = [...MIGRATE_ONLY, '--schema-source'].filter(
    flag =>
      given(flag) &&
      !(actionFlag === '--baseline' && flag === '--datasources') &&
      // Reverting and baselining take the migration lock too.
      !(
        (actionFlag === '--revert' ||
          actionFlag === '--revert-to' ||
          actionFlag === '--baseline') &&
        flag === '--lock-timeout'
      ) &&
      !(
        (actionFlag === '--revert' || actionFlag === '--revert-to') &&
        flag === '--accept-data-loss'
      ) &&
      !(
        actionFlag === '--generate' &&
        (flag === '--datasources' || flag === '--models')
      ),
  );
  if (actionFlag && stray.length > 0) {
    throw new CliUsageError(
      `${stray.join(', ')} ${stray.length > 1 ? 'are' : 'is'} for migrating, not for ${actionFlag}`,
    );
  }
  if (
    (actionFlag === '--status' || actionFlag === '--baseline') &&
    flags.has('--accept-checksum-changes')
  ) {
    throw new CliUsageError(
      `${actionFlag} ${actionFlag === '--status' ? 'changes nothing' : 'runs no script'}; ` +
        '--accept-checksum-changes is for migrating or reverting',
    );
  }
  if (flags.has('--no-scripts') && flags.has('--accept-checksum-changes')) {
    throw new CliUsageError(
      '--no-scripts runs no script; --accept-checksum-changes is about scripts',
    );
  }
  const lockTimeout = values.has('--lock-timeout')
    ? {lockTimeoutMs: Number(values.get('--lock-timeout'))}
    : {};
  const dryRun = flags.has('--dry-run') || flags.has('--check');
  const options: SchemaMigrationOptions = {
    ...(flags.has('--rebuild') ? {existingSchema: 'drop' as const} : {}),
    ...(dryRun ? {dryRun: true} : {}),
    ...(flags.has('--accept-data-loss') ? {acceptDataLoss: true} : {}),
    ...(lists.has('--models') ? {models: lists.get('--models')} : {}),
    ...(lists.has('--datasources')
      ? {dataSources: lists.get('--datasources')}
      : {}),
    ...(flags.has('--no-scripts') ? {scripts: false} : {}),
    ...(flags.has('--full-check') ? {fullCheck: true} : {}),
    ...(flags.has('--accept-checksum-changes')
      ? {acceptChecksumChanges: true}
      : {}),
    ...(values.has('--script-timeout')
      ? {scriptTimeoutMs: Number(values.get('--script-timeout'))}
      : {}),
    ...(flags.has('--terminate-orphaned-migrations')
      ? {terminateOrphanedMigrations: true}
      : {}),
    ...(flags.has('--offline') ? {online: false} : {}),
    ...lockTimeout,
    ...(values.has('--statement-lock-timeout')
      ? {statementLockTimeoutMs: Number(values.get('--statement-lock-timeout'))}
      : {}),
    ...(schemaSource !== undefined
      ? {schemaSource: schemaSource as 'models' | 'scripts'}
      : {}),
  };
  const revertTo = values.get('--revert-to');
  const revert: RevertMigrationsOptions = {
    ...(revertTo !== undefined ? {to: revertTo} : {steps: 1}),
    ...lockTimeout,
    ...(flags.has('--accept-checksum-changes')
      ? {acceptChecksumChanges: true}
      : {}),
    ...(flags.has('--accept-data-loss') ? {acceptDataLoss: true} : {}),
  };
  const baselineTo = values.get('--baseline');
  const baseline: BaselineMigrationsOptions = {
    ...(baselineTo !== undefined ? {to: baselineTo} : {}),
    ...lockTimeout,
    ...(lists.has('--datasources')
      ? {dataSources: lists.get('--datasources')}
      : {}),
  };
  const generate = {
    name: values.get('--generate') ?? '',
    options: {
      ...(flags.has('--initial') ? {initial: true} : {}),
      ...(lists.has('--datasources')
        ? {dataSources: lists.get('--datasources')}
        : {}),
      ...(lists.has('--models') ? {models: lists.get('--models')} : {}),
      ...(values.has('--shadow-url')
        ? {shadowDatabase: values.get('--shadow-url')}
        : {}),
      ...(values.has('--import-from')
        ? {importFrom: values.get('--import-from')}
        : {}),
      ...(values.has('--directory')
        ? {directory: values.get('--directory')}
        : {}),
    },
  };
  return {
    help: flags.has('--help'),
    json: flags.has('--json'),
    check: flags.has('--check'),
    verbose: flags.has('--verbose'),
    action: ACTIONS[actionFlag ?? ''] ?? 'migrate',
    options,
    revert,
    baseline,
    generate,
  };
}

/** The action of each action flag. */
const ACTIONS: Readonly<Record<string, CliAction>> = {
  '--status': 'status',
  '--revert': 'revert',
  '--revert-to': 'revert',
  '--baseline': 'baseline',
  '--generate': 'generate',
};

function splitInline(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0
    ? [arg.slice(0, eq), arg.slice(eq + 1)]
    : [arg, undefined];
}
