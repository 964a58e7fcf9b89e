import {createHash} from 'node:crypto';
import type {JugglerConnector} from '../juggler';
import type {Dialect} from '../dialects/contract';

/**
 * Datasource settings left out of a fingerprint: how to reach the server,
 * not what the plan depends on (and never written anywhere, even hashed).
 */
const CONNECTION_SETTING =
  /^(password|user|username|host|hostname|port|url|connectionString|database|socketPath|ssl|name|connector)$/i;

/**
 * JSON of `value` with every object's keys sorted, so that equal
 * definitions give equal text whatever the order they were declared in.
 * Functions (a property's `type: String`) are written as their name;
 * `undefined` members are left out, as `JSON.stringify` does; a value met
 * again inside itself is written as `"[circular]"`.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value, new Set()));
}

function canonical(value: unknown, path: Set<unknown>): unknown {
  if (typeof value === 'function') {
    return `[function ${(value as {name?: string}).name ?? ''}]`;
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof RegExp) return String(value);
  if (path.has(value)) return '[circular]';
  path.add(value);
  try {
    if (Array.isArray(value)) {
      return Array.from(value, item =>
        item === undefined ? null : canonical(item, path),
      );
    }
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) sorted[key] = canonical(member, path);
    }
    return sorted;
  } finally {
    path.delete(value);
  }
}

/** The SHA-256 of a value's canonical JSON, in hex. */
export function sha256Of(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** What, besides the models, a plan depends on. */
export interface FingerprintVersions {
  /** This package's version. */
  readonly package: string | undefined;
  /** The connector package and its loaded version. */
  readonly connector: {
    readonly name: string;
    readonly version: string | undefined;
  };
}

/**
 * Everything the plan of `models` depends on that the app holds in memory:
 * the models as the connector sees them (properties with their types and
 * settings, model settings with indexes and foreign keys, the table and
 * column names they map to), the datasource's settings other than how to
 * connect, and the versions of this package and of the connector. Its
 * SHA-256 ({@link sha256Of}) is the model half of a schema fingerprint.
 */
export function fingerprintInput(
  connector: JugglerConnector,
  dialect: Dialect,
  dataSourceSettings: Readonly<Record<string, unknown>>,
  models: readonly string[],
  versions: FingerprintVersions,
): unknown {
  const definitions = connector._models ?? {};
  const settings = Object.fromEntries(
    Object.entries(dataSourceSettings).filter(
      ([key]) => !CONNECTION_SETTING.test(key),
    ),
  );
  return {
    versions,
    dialect: dialect.connector,
    settings,
    models: [...models].sort().map(model => {
      const definition = definitions[model];
      return {
        name: model,
        table: dialect.tableOf(connector, model),
        columns: Object.keys(definition?.properties ?? {}).map(property => [
          property,
          connector.column?.(model, property) ?? property,
        ]),
        properties: definition?.properties,
        settings: definition?.settings,
      };
    }),
  };
}
