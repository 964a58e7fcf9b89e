import {
  BindingType,
  describeInjectedArguments,
  describeInjectedProperties,
  type Binding,
  type Context,
} from '@loopback/core';
import {createHash, type Hash} from 'node:crypto';
import {canonicalJson} from '../planner/fingerprint';
import {DATASOURCE_TAG, MODEL_TAG, REPOSITORY_TAG} from '../keys';
import type {JugglerDataSource} from '../juggler';

/**
 * What the app's repositories and models are made from, as far as the
 * models they attach to the datasources depend on it: each repository
 * binding's key, the source text of its class and of every class it
 * extends (LoopBack's `DefaultCrudRepository` among them), and what its
 * constructor and properties inject, with what is bound at each key it
 * injects (`datasources.jwtdb` made an alias of `datasources.db` moves its
 * repositories' models to `db`); each bound model class's key and
 * definition (properties, settings, relations). Read from the bindings:
 * no repository is resolved.
 *
 * `undefined` when a repository is not bound as a class (a provider, a
 * value, a factory): what it attaches cannot be told without resolving it.
 */
export function appSourcesDigest(
  app: Pick<Context, 'findByTag' | 'getBinding'>,
): string | undefined {
  const hash = createHash('sha256');
  const dataSources = dataSourceKeys(app);
  for (const binding of sortedByKey(app.findByTag(REPOSITORY_TAG))) {
    const source = binding.source;
    if (source?.type !== BindingType.CLASS) return undefined;
    const repositoryClass = source.value as AnyClass;
    hash.update(`r ${binding.key} `);
    updateWithClassChain(hash, repositoryClass);
    hash.update(` ${injectionsOf(app, dataSources, repositoryClass)}\n`);
  }
  for (const [key, modelClass] of boundModels(app)) {
    hash.update(`m ${key} ${canonicalJson(modelClass.definition, IN_ORDER)}\n`);
  }
  return hash.digest('hex');
}

/** Sources are digested as written: the same code gives the same text. */
const IN_ORDER = {sortKeys: false} as const;

/** A class, whatever its constructor takes. */
export type AnyClass = abstract new (...args: never[]) => unknown;

/**
 * The sources a datasource's fingerprint is made from: the app's sources
 * digest and the names of the app's juggler datasources that have no
 * models (which have no recorded row to tell it): the same sources give
 * them none again.
 */
export function sourcesWithModelless(
  digest: string,
  modelless: readonly string[],
): string {
  return createHash('sha256')
    .update(JSON.stringify([digest, [...modelless].sort()]))
    .digest('hex');
}

/** A bound model class, as far as this reads it. */
interface ModelClass {
  readonly definition?: {readonly name?: string};
}

/** The model classes bound as values (`app.model()`), sorted by key. */
export function boundModels(
  app: Pick<Context, 'findByTag'>,
): [string, ModelClass][] {
  const models: [string, ModelClass][] = [];
  for (const binding of sortedByKey(app.findByTag(MODEL_TAG))) {
    const {source} = binding;
    if (source?.type !== BindingType.CONSTANT) continue;
    if (typeof source.value !== 'function') continue;
    models.push([binding.key, source.value as ModelClass]);
  }
  return models;
}

/**
 * Whether `sources` ({@link appSourcesDigest}) account for every model the
 * repositories attached to `dataSource`: none was attached before they
 * were resolved (`before`), each attached since is the definition of a
 * bound model class, and each repository on it uses that very class. Then
 * the same sources attach the same models, and a run whose sources match a
 * recorded run's may answer without resolving them.
 */
export function sourcesAccountFor(
  app: Pick<Context, 'findByTag'>,
  dataSource: JugglerDataSource,
  before: readonly string[],
  repositories: readonly unknown[],
): boolean {
  if (before.length > 0) return false;
  const byName = new Map<string, ModelClass>();
  for (const [, modelClass] of boundModels(app)) {
    // A class without a definition of its own (`@model()`) defines none.
    if (!Object.prototype.hasOwnProperty.call(modelClass, 'definition')) {
      continue;
    }
    const name = modelClass.definition?.name;
    if (name === undefined) continue;
    // Two bound classes of one name: which one a repository uses is unknown.
    if (byName.has(name)) return false;
    byName.set(name, modelClass);
  }
  const attached = Object.keys(dataSource.connector?._models ?? {});
  if (!attached.every(name => byName.has(name))) return false;
  return repositories.every(repository => {
    const {dataSource: on, entityClass} = (repository ?? {}) as {
      dataSource?: unknown;
      entityClass?: ModelClass;
    };
    if (on !== dataSource || !entityClass) return true;
    const name = entityClass.definition?.name;
    return name !== undefined && byName.get(name) === entityClass;
  });
}

/**
 * Each class's source text into `hash`, the class's own first: its own
 * text whole (length first), each class it extends as the SHA-1 of its
 * text, computed once per class: LoopBack's `DefaultCrudRepository` and
 * an app's base repository are extended by every repository, while each
 * repository's own class is read once (at 1000 models a hash of its own
 * per class cost ~7 ms of the start).
 */
function updateWithClassChain(hash: Hash, start: AnyClass): void {
  const own = Function.prototype.toString.call(start);
  hash.update(`${own.length}:${own}`);
  for (
    let current: unknown = Object.getPrototypeOf(start);
    typeof current === 'function' && current !== Function.prototype;
    current = Object.getPrototypeOf(current)
  ) {
    let digest = baseClassDigests.get(current);
    if (digest === undefined) {
      digest = createHash('sha1')
        .update(Function.prototype.toString.call(current))
        .digest('hex');
      baseClassDigests.set(current, digest);
    }
    hash.update(`,${digest}`);
  }
}

const baseClassDigests = new WeakMap<object, string>();

/**
 * What a class's constructor parameters and properties inject, each key
 * with what is bound at it.
 */
function injectionsOf(
  app: Pick<Context, 'getBinding'>,
  dataSources: DataSourceKeys,
  target: AnyClass,
): string {
  const describe = ({
    bindingSelector,
    metadata,
  }: {
    readonly bindingSelector: unknown;
    readonly metadata: object;
  }) => [
    String(bindingSelector),
    metadata,
    boundAt(app, dataSources, keyOf(bindingSelector)),
  ];
  return canonicalJson(
    {
      arguments: describeInjectedArguments(target).map(describe),
      properties: Object.entries(
        describeInjectedProperties(target.prototype as object),
      ).map(([name, injection]) => [name, describe(injection)]),
    },
    IN_ORDER,
  );
}

/**
 * The key an injection names: a string (without the property path of
 * `'datasources.config.db#host'`), or a `BindingKey`'s (read by its shape:
 * the app may load its own copy of `@loopback/core`); `undefined` for a
 * filter and for the empty key of `@inject.context()`.
 */
function keyOf(selector: unknown): string | undefined {
  const named =
    typeof selector === 'string'
      ? selector
      : (selector as {key?: unknown} | null)?.key;
  if (typeof named !== 'string') return undefined;
  const [key] = named.split(PROPERTY_PATH);
  return key === '' ? undefined : key;
}

/** What separates a key from its property path (`BindingKey.PROPERTY_SEPARATOR`). */
const PROPERTY_PATH = '#';

/** The key of each datasource bound as an object (`app.dataSource(ds)`), by that object. */
type DataSourceKeys = ReadonlyMap<unknown, string>;

function dataSourceKeys(app: Pick<Context, 'findByTag'>): DataSourceKeys {
  const keys = new Map<unknown, string>();
  for (const {key, source} of sortedByKey(app.findByTag(DATASOURCE_TAG))) {
    if (source?.type === BindingType.CONSTANT && !keys.has(source.value)) {
      keys.set(source.value, key);
    }
  }
  return keys;
}

/**
 * What is bound at `key`, as far as which object a class injecting it
 * gets: the kind of binding; for an alias, where it leads (followed up to
 * {@link ALIAS_HOPS} bindings: LoopBack itself refuses a cycle when it
 * resolves one); for an object, the first datasource bound to that very
 * object (`app.dataSource(db, 'jwtdb')` beside `app.dataSource(db, 'db')`).
 */
function boundAt(
  app: Pick<Context, 'getBinding'>,
  dataSources: DataSourceKeys,
  key: string | undefined,
): string {
  if (key === undefined) return '';
  const kinds: string[] = [];
  for (let at = key, hop = 0; hop < ALIAS_HOPS; hop++) {
    const {source} = app.getBinding(at, {optional: true}) ?? {};
    if (source?.type !== BindingType.ALIAS) {
      const same =
        source?.type === BindingType.CONSTANT
          ? (dataSources.get(source.value) ?? '')
          : '';
      kinds.push(`${source?.type ?? 'unbound'} ${same}`);
      break;
    }
    at = String(source.value);
    kinds.push(`${BindingType.ALIAS} ${at}`);
  }
  return kinds.join(' > ');
}

const ALIAS_HOPS = 8;

function sortedByKey(bindings: readonly Readonly<Binding<unknown>>[]) {
  return [...bindings].sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
}
