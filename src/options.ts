import {InvalidMigrationOptionsError} from './errors';
import type {
  MigrationOperation,
  SchemaDriftHandling,
  SchemaMigrationOptions,
  SchemaSource,
} from './types';

/** Options after validation, with every default filled in. */
export interface ResolvedMigrationOptions {
  readonly operation: MigrationOperation;
  /** `undefined` means every model. */
  readonly models?: readonly string[];
  /** `undefined` means every datasource. */
  readonly dataSources?: readonly string[];
  readonly dryRun: boolean;
  readonly acceptDataLoss: boolean;
  /** `undefined` means the lock's default. */
  readonly lockTimeoutMs?: number;
  /** `undefined` means each script's own limit or the default. */
  readonly scriptTimeoutMs?: number;
  readonly terminateOrphanedMigrations: boolean;
  /** Run the pending migration scripts after the schema sync. */
  readonly scripts: boolean;
  readonly acceptChecksumChanges: boolean;
  /** Change existing tables with online forms (`false`: one plain transaction). */
  readonly online: boolean;
  /** Where progress of long online work goes; `undefined`: nowhere. */
  readonly onProgress?: (message: string) => void;
  /** Skip the fingerprint fast path: plan every model. */
  readonly fullCheck: boolean;
  /** The longest one DDL statement waits for a table lock, in ms. */
  readonly statementLockTimeoutMs: number;
  /** Whether the models or only the migration scripts change the schema. */
  readonly schemaSource: SchemaSource;
  /** What a difference after the scripts is under `schemaSource: 'scripts'`. */
  readonly schemaDrift: SchemaDriftHandling;
  /**
   * Keys this package does not know, passed through as LoopBack's options
   * type allows (an app's override may read them): each is a warning.
   */
  readonly unknownKeys: readonly string[];
}

const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  'existingSchema',
  'rebuild',
  'models',
  'dataSources',
  'dryRun',
  'acceptDataLoss',
  'lockTimeoutMs',
  'scriptTimeoutMs',
  'terminateOrphanedMigrations',
  'scripts',
  'acceptChecksumChanges',
  'online',
  'onProgress',
  'fullCheck',
  'statementLockTimeoutMs',
  'schemaSource',
  'schemaDrift',
]);

/** The default of `statementLockTimeoutMs`. */
export const DEFAULT_STATEMENT_LOCK_TIMEOUT_MS = 500;

/** How long one migration script may run by default, in ms (10 minutes). */
export const DEFAULT_SCRIPT_TIMEOUT_MS = 600_000;

/**
 * Check the caller's options and fill in the defaults. The caller's object is
 * never changed.
 *
 * @throws InvalidMigrationOptionsError for contradictory, misspelled or
 * ill-typed options
 */
export function resolveMigrationOptions(
  options: SchemaMigrationOptions = {},
): ResolvedMigrationOptions {
  if (typeof options !== 'object' || options === null) {
    throw invalid(`options must be an object, got ${describeValue(options)}`);
  }
  const unknownKeys = Object.keys(options).filter(
    key => !KNOWN_OPTIONS.has(key),
  );
  for (const key of unknownKeys) {
    const meant = nearMiss(key);
    if (meant) {
      throw invalid(
        `unknown option "${key}"; did you mean "${meant}"? ` +
          `Known options: ${[...KNOWN_OPTIONS].join(', ')}.`,
      );
    }
  }
  const {existingSchema, rebuild} = options;
  if (existingSchema !== undefined && !isExistingSchema(existingSchema)) {
    throw invalid(
      `existingSchema must be 'alter' or 'drop', got ${describeValue(existingSchema)}`,
    );
  }
  checkBoolean('rebuild', rebuild);
  checkBoolean('dryRun', options.dryRun);
  checkBoolean('acceptDataLoss', options.acceptDataLoss);
  checkBoolean('scripts', options.scripts);
  checkBoolean('acceptChecksumChanges', options.acceptChecksumChanges);
  checkBoolean('online', options.online);
  if (
    options.onProgress !== undefined &&
    typeof options.onProgress !== 'function'
  ) {
    throw invalid(
      `onProgress must be a function, got ${describeValue(options.onProgress)}`,
    );
  }
  checkBoolean('fullCheck', options.fullCheck);
  checkBoolean(
    'terminateOrphanedMigrations',
    options.terminateOrphanedMigrations,
  );
  const {lockTimeoutMs, scriptTimeoutMs, statementLockTimeoutMs} = options;
  const timeoutProblem =
    (lockTimeoutMs === undefined
      ? undefined
      : millisecondsProblem('lockTimeoutMs', lockTimeoutMs, 0)) ??
    (statementLockTimeoutMs === undefined
      ? undefined
      : millisecondsProblem(
          'statementLockTimeoutMs',
          statementLockTimeoutMs,
          0,
        )) ??
    (scriptTimeoutMs === undefined
      ? undefined
      : millisecondsProblem('scriptTimeoutMs', scriptTimeoutMs, 1));
  if (timeoutProblem) throw invalid(timeoutProblem);
  checkChoice('schemaSource', options.schemaSource, ['models', 'scripts']);
  checkChoice('schemaDrift', options.schemaDrift, ['error', 'warn']);
  if (options.schemaSource === 'scripts' && drop(options)) {
    throw invalid(
      "schemaSource: 'scripts' changes the schema only through migration " +
        "scripts; it cannot be combined with a rebuild (existingSchema: 'drop')",
    );
  }
  if (rebuild === true && existingSchema === 'alter') {
    throw invalid(
      "rebuild: true contradicts existingSchema: 'alter'; " +
        "pass one of them (rebuild: true is existingSchema: 'drop')",
    );
  }
  return {
    operation: drop(options) ? 'automigrate' : 'autoupdate',
    models: nameList('models', options.models),
    dataSources: nameList('dataSources', options.dataSources),
    dryRun: options.dryRun ?? false,
    acceptDataLoss: options.acceptDataLoss ?? false,
    lockTimeoutMs,
    scriptTimeoutMs,
    terminateOrphanedMigrations: options.terminateOrphanedMigrations ?? false,
    scripts: options.scripts ?? true,
    acceptChecksumChanges: options.acceptChecksumChanges ?? false,
    online: options.online ?? true,
    onProgress: options.onProgress,
    fullCheck: options.fullCheck ?? false,
    statementLockTimeoutMs:
      statementLockTimeoutMs ?? DEFAULT_STATEMENT_LOCK_TIMEOUT_MS,
    schemaSource: options.schemaSource ?? 'models',
    schemaDrift: options.schemaDrift ?? 'error',
    unknownKeys,
  };
}

/**
 * The warning for option keys passed through unread, or `undefined` when
 * there are none.
 */
export function unknownKeysWarning(
  keys: readonly string[],
): string | undefined {
  if (keys.length === 0) return undefined;
  return (
    `option${keys.length > 1 ? 's' : ''} ${keys.map(k => `"${k}"`).join(', ')} ` +
    `${keys.length > 1 ? 'are' : 'is'} not read by loopback-schema-migration ` +
    '(passed through, as LoopBack passes them to an overriding migrateSchema())'
  );
}

function drop(options: SchemaMigrationOptions): boolean {
  return options.rebuild === true || options.existingSchema === 'drop';
}

function checkChoice(
  name: string,
  value: unknown,
  choices: readonly string[],
): void {
  if (value !== undefined && !choices.includes(value as string)) {
    throw invalid(
      `${name} must be ${choices.map(c => `'${c}'`).join(' or ')}, got ${describeValue(value)}`,
    );
  }
}

function isExistingSchema(value: unknown): boolean {
  return value === 'alter' || value === 'drop';
}

function checkBoolean(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw invalid(`${name} must be true or false, got ${describeValue(value)}`);
  }
}

function nameList(name: string, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  // Array.from visits holes too (`some` would skip them in a sparse array).
  if (
    !Array.isArray(value) ||
    Array.from(value).some(item => typeof item !== 'string' || item === '')
  ) {
    throw invalid(
      `${name} must be an array of non-empty names, got ${describeValue(value)}`,
    );
  }
  return [...new Set<string>(value)];
}

/**
 * What is wrong with the shape of a method's options (not an object, or a
 * key the method does not know), or `undefined` when nothing is.
 */
export function optionKeysProblem(
  options: unknown,
  known: readonly string[],
): string | undefined {
  if (typeof options !== 'object' || options === null) {
    return `options must be an object, got ${describeValue(options)}`;
  }
  const unknown = Object.keys(options).find(key => !known.includes(key));
  return unknown === undefined
    ? undefined
    : `unknown option "${unknown}". Known options: ${known.join(', ')}.`;
}

/**
 * What is wrong with a duration option (`"lockTimeoutMs must be a number of
 * milliseconds (0 or more), got -1"`), or `undefined` when it is fine.
 */
export function millisecondsProblem(
  name: string,
  value: unknown,
  min: number,
): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    return `${name} must be a number of milliseconds (${min} or more), got ${describeNumber(value)}`;
  }
  return value > MAX_TIMEOUT_MS ? tooLong(name, value) : undefined;
}

/**
 * The longest duration an option may give, in ms (2^31 - 1, about 24.8
 * days): Node's timers fire at once for longer ones, and PostgreSQL's
 * `lock_timeout` takes no more.
 */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** The problem of a duration over {@link MAX_TIMEOUT_MS}. */
export function tooLong(name: string, value: number): string {
  return (
    `${name} must be at most ${MAX_TIMEOUT_MS} ms (about 24.8 days), got ${value}: ` +
    'a longer timer would fire at once'
  );
}

/** A known option within two edits of `key` (case aside): a misspelling. */
function nearMiss(key: string): string | undefined {
  const lower = key.toLowerCase();
  return [...KNOWN_OPTIONS].find(
    known => editDistance(known.toLowerCase(), lower) <= 2,
  );
}

/** Levenshtein distance: insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

/** A value that should be a number, as an error message shows it: `-1`, `"500"`. */
export function describeNumber(value: unknown): string {
  return typeof value === 'number' ? String(value) : describeValue(value);
}

/**
 * A value as an error message shows it, its type plain where the text would
 * hide it: `"500"` for a string, `number NaN`, `null`, `["Todo"]`.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return arrayText(value);
  return value === null ? 'null' : `${typeof value} ${String(value)}`;
}

/**
 * An array as JSON shows it (`["Todo"]`), a BigInt in it as `1n` and an
 * array or object that holds itself as `"[Circular]"` (JSON has neither).
 */
function arrayText(value: readonly unknown[]): string {
  const ancestors: unknown[] = [];
  return JSON.stringify(value, function (this: unknown, _key, item: unknown) {
    if (typeof item === 'bigint') return `${item}n`;
    if (typeof item !== 'object' || item === null) return item;
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) {
      ancestors.pop();
    }
    if (ancestors.includes(item)) return '[Circular]';
    ancestors.push(item);
    return item;
  });
}

function invalid(message: string): InvalidMigrationOptionsError {
  return new InvalidMigrationOptionsError(
    `Invalid migration options: ${message}`,
  );
}
