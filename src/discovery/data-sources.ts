import type {Context} from '@loopback/core';
import {DATASOURCES_NAMESPACE, DATASOURCE_TAG, REPOSITORY_TAG} from '../keys';
import {
  isJugglerDataSource,
  watchConnectionErrors,
  type JugglerDataSource,
} from '../juggler';
import type {MigrationOperation} from '../types';

/** The part of a LoopBack context that discovery reads. */
export type BindingSource = Pick<Context, 'findByTag' | 'get'>;

/** A bound datasource and what migrating it means. */
export interface DataSourceTarget {
  /** The name as bound: `db` for `datasources.db`. */
  readonly name: string;
  readonly bindingKey: string;
  readonly connectorName: string;
  /** Absent when the binding is not a juggler DataSource. */
  readonly dataSource?: JugglerDataSource;
  /** The names of the models attached to the datasource, in attach order. */
  readonly attachedModels: readonly string[];
  /** Set when the datasource cannot or must not be migrated. */
  readonly skipReason?: string;
}

/**
 * Resolve every repository binding (so that each model attaches to its
 * datasource), then describe every datasource binding.
 */
export async function findDataSources(
  app: BindingSource,
  operation: MigrationOperation,
): Promise<DataSourceTarget[]> {
  // Datasources first, so that a failing first connection is caught (an
  // unheard 'error' event would crash the process) before repositories,
  // which make their models attach to them, are resolved.
  const bindings = app.findByTag(DATASOURCE_TAG);
  const values: unknown[] = [];
  for (const binding of bindings) {
    const value: unknown = await app.get(binding.key);
    if (isJugglerDataSource(value)) watchConnectionErrors(value);
    values.push(value);
  }
  const repositories = app.findByTag(REPOSITORY_TAG);
  await Promise.all(repositories.map(binding => app.get(binding.key)));

  const targets = bindings.map((binding, i) =>
    describeTarget(binding.key, values[i], operation),
  );
  return targets;
}

function describeTarget(
  bindingKey: string,
  value: unknown,
  operation: MigrationOperation,
): DataSourceTarget {
  const name = dataSourceName(bindingKey);
  if (!isJugglerDataSource(value)) {
    return {
      name,
      bindingKey,
      connectorName: 'unknown',
      attachedModels: [],
      skipReason:
        `binding "${bindingKey}" is not a juggler DataSource ` +
        `(${describeValue(value)}); only juggler datasources can be migrated`,
    };
  }
  const connector = value.connector;
  const connectorName = connector?.name ?? String(value.settings.connector);
  const attachedModels = Object.keys(connector?._models ?? {});
  const base = {
    name,
    bindingKey,
    connectorName,
    dataSource: value,
    attachedModels,
  };
  if (value.settings.disableMigration === true) {
    return {...base, skipReason: 'its settings have disableMigration: true'};
  }
  if (!connector) {
    return {...base, skipReason: 'it has no connector'};
  }
  if (typeof connector[operation] !== 'function') {
    return {
      ...base,
      skipReason:
        `the ${connectorName} connector cannot ${operation}` +
        (operation === 'autoupdate' &&
        typeof connector.automigrate === 'function'
          ? " (it can only be rebuilt: existingSchema: 'drop')"
          : ''),
    };
  }
  return base;
}

function dataSourceName(bindingKey: string): string {
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
