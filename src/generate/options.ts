import {InvalidMigrationOptionsError} from '../errors';
import {optionKeysProblem} from '../options';

/**
 * Options of `generateMigrationScript()` (`migrate --generate NAME`).
 *
 * @example
 * ```ts
 * await app.generateMigrationScript('add-todo-priority', {dataSources: ['db']});
 * ```
 */
export interface GenerateMigrationOptions {
  /**
   * The folder the file is written to, relative to the working directory
   * (the project root when run through `npm run migrate`). The booter finds
   * it there after a build, as `dist/migrations/*.migration.js`.
   * @default 'src/migrations'
   */
  readonly directory?: string;
  /**
   * The version of the generated script (file name prefix and `version`).
   * @default the current UTC time, `YYYYMMDDHHmmss` (e.g. `20261130225500`)
   */
  readonly version?: string;
  /**
   * Only the changes of these datasources (names as bound).
   * @default every PostgreSQL and MySQL datasource
   */
  readonly dataSources?: readonly string[];
  /**
   * Only the changes of these models.
   * @default every model
   */
  readonly models?: readonly string[];
  /**
   * A script for the whole schema of the models (planned against an empty
   * shadow database, the existing scripts not applied), for adopting
   * versioned scripts on an existing app. Where the database has the models'
   * schema already, `migrate` records it as applied instead of running it.
   * @default false
   */
  readonly initial?: boolean;
  /**
   * The module the generated file imports `migrationScript` and its types
   * from.
   * @default 'loopback-schema-migration'
   */
  readonly importFrom?: string;
  /**
   * Plan (and prove on the shadow database) but write no file: the result's
   * `changes` are what the models need beyond the scripts. Used by
   * `migrate --check --schema-source scripts` while scripts are pending.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * An empty database to plan on, instead of a temporary one created on the
   * datasource's server: a connection URL (`postgres://…`, `mysql://…`) or
   * datasource settings (the connector stays the datasource's). For a user
   * who may not create databases (a hosted server), or a server that holds
   * one database (an embedded PostgreSQL). It serves one datasource (select
   * it with `dataSources` when the app has several), must hold no table
   * nor (PostgreSQL) schema besides `public`, and the tables, schemas and
   * extensions the run made there are dropped again afterwards. CLI
   * `--shadow-url URL`.
   * @default undefined: `lsm_shadow_<random>` on the datasource's server
   */
  readonly shadowDatabase?: string | Readonly<Record<string, unknown>>;
}

/** {@link GenerateMigrationOptions} checked, with the defaults. */
export interface ResolvedGenerateOptions {
  readonly name: string;
  readonly directory: string;
  readonly version: string;
  readonly dataSources?: readonly string[];
  readonly models?: readonly string[];
  readonly initial: boolean;
  readonly importFrom: string;
  readonly dryRun: boolean;
  readonly shadowDatabase?: string | Readonly<Record<string, unknown>>;
}

const KNOWN = [
  'directory',
  'version',
  'dataSources',
  'models',
  'initial',
  'importFrom',
  'dryRun',
  'shadowDatabase',
];

/**
 * Check the name and options of `generateMigrationScript()`; the name is
 * turned into kebab case (`AddTodoPriority` → `add-todo-priority`).
 *
 * @throws InvalidMigrationOptionsError saying what is wrong
 */
export function resolveGenerateOptions(
  name: unknown,
  options: GenerateMigrationOptions = {},
  now: Date = new Date(),
): ResolvedGenerateOptions {
  const problem = optionKeysProblem(options, KNOWN);
  if (problem) throw invalid(problem);
  const kebab = typeof name === 'string' ? kebabCase(name) : '';
  const nameProblem = migrationNameProblem(name);
  if (nameProblem) throw invalid(nameProblem);
  for (const key of ['directory', 'version', 'importFrom'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw invalid(`${key} must be a non-empty string`);
    }
  }
  if (options.version !== undefined && !/^[\w.-]+$/.test(options.version)) {
    throw invalid(
      `version must hold only letters, digits, dots, dashes and underscores (it starts the file name), got "${options.version}"`,
    );
  }
  for (const key of ['initial', 'dryRun'] as const) {
    const value = options[key];
    if (value !== undefined && typeof value !== 'boolean') {
      throw invalid(`${key} must be true or false`);
    }
  }
  const shadow = options.shadowDatabase;
  if (
    shadow !== undefined &&
    !(typeof shadow === 'string' && shadow !== '') &&
    !(typeof shadow === 'object' && shadow !== null && !Array.isArray(shadow))
  ) {
    throw invalid(
      'shadowDatabase must be a connection URL or an object of datasource settings',
    );
  }
  return {
    name: kebab,
    directory: options.directory ?? 'src/migrations',
    version: options.version ?? utcVersion(now),
    dataSources: names('dataSources', options.dataSources),
    models: names('models', options.models),
    initial: options.initial ?? false,
    importFrom: options.importFrom ?? 'loopback-schema-migration',
    dryRun: options.dryRun ?? false,
    ...(shadow !== undefined ? {shadowDatabase: shadow} : {}),
  };
}

/** What is wrong with a migration's name, or `undefined` when it is good. */
export function migrationNameProblem(name: unknown): string | undefined {
  const kebab = typeof name === 'string' ? kebabCase(name) : '';
  if (/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(kebab)) return undefined;
  return (
    `the migration name must start with a letter and hold only letters, ` +
    `digits, dashes, underscores or spaces, got ${JSON.stringify(name)}; ` +
    'e.g. migrate --generate add-todo-priority'
  );
}

/** `20261130225500` for 2026-11-30T22:55:00Z. */
export function utcVersion(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

/** `AddTodo priority_v2` → `add-todo-priority-v2`; other characters are kept (and refused). */
export function kebabCase(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[\s_]+/g, '-')
    .toLowerCase();
}

function names(key: string, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.some(item => typeof item !== 'string' || item === '')
  ) {
    throw invalid(`${key} must be an array of non-empty names`);
  }
  return value as string[];
}

function invalid(message: string): InvalidMigrationOptionsError {
  return new InvalidMigrationOptionsError(
    `Invalid generateMigrationScript() options: ${message}`,
  );
}
