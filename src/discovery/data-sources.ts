import {BindingType, type Context} from '@loopback/core';
import {DATASOURCES_NAMESPACE, DATASOURCE_TAG, REPOSITORY_TAG} from '../keys';
import {
  isJugglerDataSource,
  watchConnectionErrors,
  type JugglerDataSource,
} from '../juggler';
import type {MigrationOperation} from '../types';
import {
  appSourcesDigest,
  sourcesAccountFor,
  sourcesWithModelless,
} from './app-sources';
import {connectorNameOf} from './connector-name';
import {
  hearLentConnectionsOf,
  stopHearingLentConnections,
} from './lent-connections';
import {ownMigrationMethod, type StockMigratable} from './own-migration';

/** The part of a LoopBack context that discovery reads. */
export type BindingSource = Pick<Context, 'findByTag' | 'get' | 'getBinding'>;

/** A bound datasource and what migrating it means. */
export interface DataSourceTarget {
  /** The name as bound: `db` for `datasources.db`. */
  readonly name: string;
  readonly bindingKey: string;
  /** A short name: `postgresql`, `mysql`, `memory`, `rest`... */
  readonly connectorName: string;
  /** Absent when the binding is not a juggler DataSource. */
  readonly dataSource?: JugglerDataSource;
  /** The names of the models attached to the datasource, in attach order. */
  readonly attachedModels: readonly string[];
  /** Set when the datasource cannot or must not be migrated. */
  readonly skipReason?: string;
  /**
   * Set when the datasource is migrated by calling its own `autoupdate()` /
   * `automigrate()` exactly as LoopBack does (an override, a datasource
   * that is not juggler's, a connector without a model registry): the
   * object to call, and why it is called instead of planned.
   */
  readonly ownMigration?: {
    readonly target: StockMigratable;
    readonly reason: string;
  };
  /**
   * The app's sources (`sourcesWithModelless()`: its sources digest and the
   * datasources not skipped that got no models, `countsModels()`), when
   * they account for every model attached to the datasource
   * (`sourcesAccountFor()`): recorded with its fingerprint.
   */
  readonly sources?: string;
  /**
   * Set when the datasource was found up to date before the repositories
   * were resolved (they were not): its recorded fingerprint was made from
   * the same sources, and the catalog is as it was. `attachedModels` are
   * the recorded ones then.
   */
  readonly answered?: SourcesAnswer;
}

/** A datasource found up to date from its sources' fingerprint. */
export interface SourcesAnswer {
  /** The models recorded, in the report's order. */
  readonly models: readonly string[];
  /** The warnings recorded with them. */
  readonly warnings: readonly string[];
  /** How long its read took, from sent to answered. */
  readonly durationMs: number;
}

/** A datasource as described before the repositories attach its models. */
export type BoundDataSource = Omit<DataSourceTarget, 'attachedModels'>;

/**
 * Called with the datasources, described, and the app's sources digest
 * (computed on the first call, before the repositories are resolved;
 * `undefined`: it could not be made) before the repositories are
 * resolved. Resolves to an answer for every juggler datasource when all are
 * up to date from their sources: the repositories are then not resolved.
 */
export type BeforeRepositories = (
  bound: readonly BoundDataSource[],
  sources: () => string | undefined,
) => Promise<ReadonlyMap<JugglerDataSource, SourcesAnswer> | undefined>;

/**
 * Resolve every repository binding (so that each model attaches to its
 * datasource), then describe every datasource binding. `beforeRepositories`
 * is called with the datasources, described, and awaited before the
 * repositories are resolved: work sent to a server can overlap theirs, and
 * when it answers every datasource, none is resolved.
 */
export async function findDataSources(
  app: BindingSource,
  operation: MigrationOperation,
  beforeRepositories?: BeforeRepositories,
): Promise<DataSourceTarget[]> {
  // Datasources first, so that a failing first connection is caught (an
  // unheard 'error' event would crash the process) before repositories,
  // which make their models attach to them, are resolved.
  const bindings = app.findByTag(DATASOURCE_TAG);
  const values: unknown[] = [];
  for (const binding of bindings) {
    const value: unknown = await app.get(binding.key);
    if (isJugglerDataSource(value)) {
      watchConnectionErrors(value);
      hearLentConnectionsOf(value);
    }
    values.push(value);
  }
  try {
    return await describeTargets(
      app,
      operation,
      {bindings, values},
      beforeRepositories,
    );
  } catch (err) {
    // The run ends before its scope: it stops hearing them here.
    for (const value of values) {
      if (isJugglerDataSource(value)) stopHearingLentConnections(value);
    }
    throw err;
  }
}

/** {@link findDataSources} once the datasources are got and watched. */
async function describeTargets(
  app: BindingSource,
  operation: MigrationOperation,
  {
    bindings,
    values,
  }: {
    readonly bindings: ReturnType<BindingSource['findByTag']>;
    readonly values: readonly unknown[];
  },
  beforeRepositories?: BeforeRepositories,
): Promise<DataSourceTarget[]> {
  let digest: {readonly value: string | undefined} | undefined;
  const sourcesDigest = () => (digest ??= {value: appSourcesDigest(app)}).value;
  const before = values.map(attachedModelsOf);
  const answers = await beforeRepositories?.(
    describeAll(bindings, values, operation),
    sourcesDigest,
  );
  if (answers) {
    const described = describeAll(bindings, values, operation);
    return described.map((target, i) => {
      const value = values[i];
      const answered = isJugglerDataSource(value) && answers.get(value);
      return answered
        ? {...target, attachedModels: answered.models, answered}
        : target;
    });
  }
  // As the app's bindings are before the repositories are resolved.
  const sources = sourcesDigest();
  const repositories = await Promise.all(
    app.findByTag(REPOSITORY_TAG).map(binding => app.get(binding.key)),
  );
  const targets = describeAll(bindings, values, operation);
  if (sources === undefined) return targets;
  const modelless = targets
    .filter(t => countsModels(t) && t.attachedModels.length === 0)
    .map(t => t.name);
  return targets.map((target, i) => {
    const value = values[i];
    const accounted =
      isJugglerDataSource(value) &&
      sourcesAccountFor(app, value, before[i], repositories);
    return accounted
      ? {...target, sources: sourcesWithModelless(sources, modelless)}
      : target;
  });
}

/**
 * Whether the sources' fingerprint says if the datasource has models: a
 * juggler datasource the run does not skip. A skipped one (a connector
 * that cannot run the operation, as the memory connector cannot
 * autoupdate; `disableMigration`) is skipped whatever its models, and has
 * no recorded row that could tell them before the repositories are
 * resolved.
 */
export function countsModels(target: BoundDataSource): boolean {
  return target.dataSource !== undefined && target.skipReason === undefined;
}

/** The models attached to a juggler datasource now ([] for another value). */
export function attachedModelsOf(value: unknown): string[] {
  return isJugglerDataSource(value)
    ? Object.keys(value.connector?._models ?? {})
    : [];
}

/**
 * Catch the connection errors of the datasources the app has made already
 * (bound as values, e.g. `app.dataSource(new juggler.DataSource(config))`
 * in its constructor), before anything waits: each connects as it is made,
 * and juggler emits a failure to connect as an `error` event, which
 * unheard crashes the process (during the boot of `migrate`, say). A run
 * then reports the failure. Datasources bound as classes are made, and
 * watched, by the run.
 */
export function watchMadeDataSources(app: Pick<Context, 'findByTag'>): void {
  for (const binding of app.findByTag(DATASOURCE_TAG)) {
    const {source} = binding;
    if (source?.type !== BindingType.CONSTANT) continue;
    if (isJugglerDataSource(source.value)) watchConnectionErrors(source.value);
  }
}

/**
 * {@link describeTarget} of each binding; a juggler DataSource bound again
 * under another key is skipped there (migrating it twice in one run would
 * plan its second time against the schema its first changes).
 */
function describeAll(
  bindings: ReturnType<BindingSource['findByTag']>,
  values: readonly unknown[],
  operation: MigrationOperation,
): DataSourceTarget[] {
  return bindings.map((binding, i) => {
    const target = describeTarget(binding.key, values[i], operation);
    const first = values.indexOf(values[i]);
    if (first === i || !isJugglerDataSource(values[i])) return target;
    const {name, bindingKey, connectorName, dataSource, attachedModels} =
      target;
    const firstName = dataSourceName(bindings[first].key);
    return {
      name,
      bindingKey,
      connectorName,
      dataSource,
      attachedModels,
      skipReason:
        `it is the datasource of "${firstName}", bound again as ` +
        `"${binding.key}": migrated once, as "${firstName}"`,
    };
  });
}

/**
 * What LoopBack's `migrateSchema()` would do with the value, said as a
 * target: it calls `value[operation](models)` when the value has that
 * method and its settings do not have a truthy `disableMigration`.
 */
function describeTarget(
  bindingKey: string,
  value: unknown,
  operation: MigrationOperation,
): DataSourceTarget {
  const base = {
    name: dataSourceName(bindingKey),
    bindingKey,
    connectorName: connectorNameOf(value),
  };
  const own = ownMigrationMethod(value, operation);
  if (!isJugglerDataSource(value)) {
    const described = {...base, attachedModels: []};
    const disabled = disableMigrationOf(value);
    if (disabled) return {...described, skipReason: disabledReason(disabled)};
    return own
      ? {...described, ownMigration: own}
      : {
          ...described,
          skipReason:
            `binding "${bindingKey}" has no ${operation}() ` +
            `(${describeValue(value)}); LoopBack skips it too`,
        };
  }
  const connector = value.connector;
  const attached = {
    ...base,
    dataSource: value,
    attachedModels: attachedModelsOf(value),
  };
  const disabled = disableMigrationOf(value);
  if (disabled) return {...attached, skipReason: disabledReason(disabled)};
  if (own) return {...attached, ownMigration: own};
  if (!connector) {
    return {...attached, skipReason: 'it has no connector'};
  }
  if (typeof connector[operation] !== 'function') {
    return {
      ...attached,
      skipReason:
        `the ${base.connectorName} connector cannot ${operation}` +
        (operation === 'autoupdate' &&
        typeof connector.automigrate === 'function'
          ? " (it can only be rebuilt: existingSchema: 'drop')"
          : ''),
    };
  }
  return attached;
}

/** `settings.disableMigration`: LoopBack skips on any truthy value. */
function disableMigrationOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as {settings?: {disableMigration?: unknown}}).settings
    ?.disableMigration;
}

function disabledReason(flag: unknown): string {
  return `its settings have disableMigration: ${JSON.stringify(flag)}`;
}

/** A datasource's name as bound: `db` for `datasources.db`. */
export function dataSourceName(bindingKey: string): string {
  const prefix = `${DATASOURCES_NAMESPACE}.`;
  return bindingKey.startsWith(prefix)
    ? bindingKey.slice(prefix.length)
    : bindingKey;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  const ctor = (value as {constructor?: {name?: string}}).constructor;
  return `an instance of ${ctor?.name ?? typeof value}`;
}
