import {createHash} from 'node:crypto';
import type {JugglerConnector} from '../juggler';
import type {Dialect} from '../dialects/contract';
import type {TableRef} from '../dialects/dialect';
import {withOrderedIndexKeys} from './index-key-order';

/**
 * Datasource settings left out of a fingerprint: how to reach the server
 * (never written anywhere, even hashed) and `debug` (logging: the MySQL
 * connector sets it whenever `DEBUG` is set), not what the plan depends on.
 */
const CONNECTION_SETTING =
  /^(password|user|username|host|hostname|port|url|connectionString|database|socketPath|ssl|name|connector|debug)$/i;

/**
 * JSON of `value` with every object's keys sorted, so that equal
 * definitions give equal text whatever the order they were declared in.
 * Functions (a property's `type: String`) are written as their name;
 * `undefined` members are left out, as `JSON.stringify` does; a value met
 * again inside itself is written as `"[circular]"`.
 *
 * `JSON.stringify` walks the value (a fingerprint of 1000 models is about
 * 1 MB of JSON: a walk of our own costs twice the time, mostly in garbage
 * collection); its replacer sorts the keys of the objects that need it.
 *
 * `sortKeys: false` keeps the keys in their order: the same text for the
 * same code, at a third of the cost (the app's sources digest, where code
 * that declares the same in another order may count as other sources).
 */
export function canonicalJson(
  value: unknown,
  {sortKeys = true}: {readonly sortKeys?: boolean} = {},
): string {
  // The objects being written, outermost first, as given and as written.
  const given: object[] = [];
  const written: object[] = [];
  return (
    JSON.stringify(value, function (this: object, _key, member: unknown) {
      // `this` holds `member`: the objects written after it are done.
      while (written.length > 0 && written[written.length - 1] !== this) {
        written.pop();
        given.pop();
      }
      if (typeof member === 'function') {
        return `[function ${(member as {name?: string}).name ?? ''}]`;
      }
      if (typeof member === 'bigint') return `${member}n`;
      if (member === null || typeof member !== 'object') return member;
      if (member instanceof RegExp) return String(member);
      if (given.includes(member)) return '[circular]';
      const sorted =
        Array.isArray(member) || !sortKeys ? member : withSortedKeys(member);
      given.push(member);
      written.push(sorted);
      return sorted;
    }) ?? 'null'
  );
}

/** The object itself when its keys are in order, else a copy whose are. */
function withSortedKeys(value: object): object {
  const keys = Object.keys(value);
  let ordered = true;
  for (let i = 1; i < keys.length && ordered; i++) {
    ordered = keys[i - 1] <= keys[i];
  }
  if (ordered) return value;
  const copy: Record<string, unknown> = {};
  for (const key of keys.sort()) {
    copy[key] = (value as Record<string, unknown>)[key];
  }
  return copy;
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
  /**
   * loopback-connector's, whose classes the connector extends (the
   * PostgreSQL connector's `autoupdate`, column nullability).
   */
  readonly loopbackConnector: string | undefined;
  /** loopback-datasource-juggler's, which turns models into definitions. */
  readonly juggler?: string;
  /**
   * `@loopback/repository`'s, whose juggler bridge turns the app's models
   * into juggler models (a sources fingerprint's: the app's own classes
   * are digested, not the bridge's functions).
   */
  readonly repository?: string;
}

/** What a datasource's model fingerprint is computed from. */
export interface FingerprintSource {
  readonly connector: JugglerConnector;
  readonly dialect: Dialect;
  readonly dataSourceSettings: Readonly<Record<string, unknown>>;
  readonly models: readonly string[];
  /**
   * The tables every model of the app maps to and the ledgers' names
   * (`AppTables.ownership`): the plan's warnings name the tables of the
   * models' schemas that none of them is.
   */
  readonly ownership: readonly string[];
  readonly versions: FingerprintVersions;
  /** The models' tables (`dialect.tableOf()`), when the caller has them already. */
  readonly tables?: ReadonlyMap<string, TableRef>;
}

/**
 * Everything the plan of `models` depends on that the app holds in memory:
 * the models as the connector sees them (properties with their types and
 * settings, model settings with indexes and foreign keys, the table and
 * column names they map to), the tables the app's models and ledgers own
 * (a model of another datasource changes the warnings), the datasource's
 * settings other than how to connect, and the versions of this package and
 * of the connector. Its SHA-256 ({@link sha256Of}) is the model half of a
 * schema fingerprint ({@link modelFingerprint} computes the same).
 */
export function fingerprintInput(source: FingerprintSource): unknown {
  const {model, ...rest} = inputParts(source);
  return {...rest, models: [...source.models].sort().map(model)};
}

/**
 * The SHA-256 of {@link fingerprintInput}, as {@link sha256Of} gives it,
 * hashed a model at a time: every few milliseconds it lets the event loop
 * run, so that it can be computed beside a run's statements (at 1000
 * models it takes tens of milliseconds) without holding them up.
 */
export async function modelFingerprint(
  source: FingerprintSource,
): Promise<string> {
  const parts = inputParts(source);
  // The canonical JSON of the whole input, written in pieces: its keys
  // in order (dialect, models, ownership, settings, versions), each
  // model's own.
  const hash = createHash('sha256');
  hash.update(`{"dialect":${canonicalJson(parts.dialect)},"models":[`);
  let sliceStarted = performance.now();
  for (const [index, model] of [...source.models].sort().entries()) {
    if (performance.now() - sliceStarted > SLICE_MS) {
      await new Promise(resolve => setImmediate(resolve));
      sliceStarted = performance.now();
    }
    hash.update((index > 0 ? ',' : '') + canonicalJson(parts.model(model)));
  }
  hash.update(
    `],"ownership":${canonicalJson(parts.ownership)},` +
      `"settings":${canonicalJson(parts.settings)},` +
      `"versions":${canonicalJson(parts.versions)}}`,
  );
  return hash.digest('hex');
}

/**
 * The fingerprint of a datasource's sources: the app's sources
 * (`sourcesWithModelless()`), the datasource's settings other than how to
 * connect, and the versions. Equal to the recorded one, the same sources
 * attach the same models as in the run that recorded it.
 */
export function sourcesFingerprint(
  sources: string,
  {
    dialect,
    dataSourceSettings,
    versions,
  }: Pick<FingerprintSource, 'dialect' | 'dataSourceSettings' | 'versions'>,
): string {
  return sha256Of({
    sources,
    dialect: dialect.connector,
    settings: withoutConnection(dataSourceSettings),
    versions,
  });
}

/** How long {@link modelFingerprint} hashes before it lets others run, ms. */
const SLICE_MS = 2;

/** Datasource settings but how to connect ({@link CONNECTION_SETTING}). */
function withoutConnection(
  settings: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(settings).filter(([key]) => !CONNECTION_SETTING.test(key)),
  );
}

/** The input's members but the models, and how one model is written. */
function inputParts({
  connector,
  dialect,
  dataSourceSettings,
  ownership,
  versions,
  tables,
}: FingerprintSource) {
  // As they are now: the plan, which may run meanwhile, lends the connector
  // a copy of each model in turn (`withEditableModel`).
  const definitions = {...connector._models};
  return {
    ownership,
    versions,
    dialect: dialect.connector,
    settings: withoutConnection(dataSourceSettings),
    model: (model: string) => {
      const definition = definitions[model];
      return {
        name: model,
        table: tables?.get(model) ?? dialect.tableOf(connector, model),
        columns: Object.keys(definition?.properties ?? {}).map(property => [
          property,
          connector.column?.(model, property) ?? property,
        ]),
        properties: definition?.properties,
        settings: withOrderedIndexKeys(definition?.settings),
      };
    },
  };
}
