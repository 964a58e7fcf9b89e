/**
 * The parts of juggler's DataSource and connectors this package relies on,
 * typed structurally so that the app's own copy of juggler is used and no
 * `any` leaks into our code.
 */

import {connectionTimeoutMs, notConnectedMessage} from './connection-timeout';

/** A Node-style callback. */
export type Callback<T = unknown> = (err?: Error | null, result?: T) => void;

/** `settings.foreignKeys` entry of a LoopBack model. */
export interface ForeignKeySetting {
  readonly name?: string;
  readonly entity?: string | {readonly name: string};
  readonly entityKey?: string;
  readonly foreignKey?: string;
  /** What the key does on a delete (`'CASCADE'`, ...), as declared. */
  readonly onDelete?: unknown;
  /** What the key does on an update, as declared. */
  readonly onUpdate?: unknown;
}

/** The name of the model a foreign key points at, however `entity` is given. */
export function foreignKeyEntity(fk: ForeignKeySetting): string | undefined {
  return typeof fk.entity === 'object' ? fk.entity?.name : fk.entity;
}

/** What a connector keeps for each attached model (`connector._models`). */
export interface AttachedModel {
  readonly model: {readonly modelName: string};
  readonly properties: Readonly<Record<string, unknown>>;
  readonly settings: {
    readonly foreignKeys?: Readonly<Record<string, ForeignKeySetting>>;
    readonly [key: string]: unknown;
  };
}

/** The context juggler's `SQLConnector.execute` hands to its observers. */
export interface ExecuteContext {
  readonly req: {readonly sql: string; readonly params: unknown[]};
  /** The result, in `after execute` observers. */
  readonly res?: unknown;
  end(err: Error | null, result?: unknown): void;
}

/** An observer of a connector operation (juggler's `ObserverMixin`). */
export type ExecuteObserver = (ctx: ExecuteContext, next: Callback) => void;

/** A juggler connector, as far as migrations need it. */
export interface JugglerConnector {
  readonly name?: string;
  readonly _models?: Readonly<Record<string, AttachedModel>>;
  autoupdate?(models: string[], cb: Callback): void;
  automigrate?(models: string[], cb: Callback): void;
  execute?(sql: string, params: unknown[], cb: Callback): void;
  observe?(operation: string, observer: ExecuteObserver): void;
  removeObserver?(operation: string, observer: ExecuteObserver): void;
  table?(model: string): string;
  schema?(model: string): string | undefined;
  tableEscaped?(model: string): string;
  column?(model: string, property: string): string;
  /**
   * loopback-connector-postgresql: a property's column default as its
   * `CREATE TABLE` writes it (`' DEFAULT <value>'`), or `''` for none.
   */
  columnDbDefault?(model: string, property: string): string;
  /**
   * loopback-connector-postgresql: a property's column as its `ADD COLUMN`
   * writes it (`"name" TYPE [NOT NULL]`).
   */
  addPropertyToActual?(model: string, property: string): string;
  escapeName?(name: string): string;
  /** loopback-connector: whether the connector makes a property's column NULL. */
  isNullable?(property: object): boolean;
  createTable?(model: string, cb: Callback): void;
  addForeignKeys?(model: string, cb: Callback): void;
}

/** A juggler DataSource, as far as migrations need it. */
export interface JugglerDataSource {
  readonly name?: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly connector?: JugglerConnector;
  readonly connected?: boolean;
  readonly connecting?: boolean;
  /**
   * `false` until the connector's first connection is made (juggler then
   * emits `initialized`); it stays `false` when that connection fails.
   */
  readonly initialized?: boolean;
  connect(): Promise<unknown> | void;
  once(event: string, listener: (arg?: unknown) => void): unknown;
  on(event: string, listener: (arg?: unknown) => void): unknown;
  removeListener(event: string, listener: (arg?: unknown) => void): unknown;
  automigrate(models?: string[]): Promise<void>;
  autoupdate(models?: string[]): Promise<void>;
}

/** Duck-typed check for a juggler DataSource (the app's copy of juggler). */
export function isJugglerDataSource(
  value: unknown,
): value is JugglerDataSource {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<JugglerDataSource>;
  return (
    typeof candidate.automigrate === 'function' &&
    typeof candidate.autoupdate === 'function' &&
    typeof candidate.settings === 'object' &&
    'connector' in candidate
  );
}

const connectionErrors = new WeakMap<JugglerDataSource, Error>();
const watchers = new WeakMap<JugglerDataSource, (err?: unknown) => void>();

/**
 * Catch the `error` events a datasource emits when its connection fails
 * (unheard, Node would crash the process with them) until
 * {@link stopWatchingConnectionErrors}. The first error is kept for
 * {@link ensureConnected}, which rejects with it.
 */
export function watchConnectionErrors(ds: JugglerDataSource): void {
  if (ds.connected || watchers.has(ds)) return;
  const listener = (err?: unknown) => {
    if (connectionErrors.has(ds)) return;
    connectionErrors.set(
      ds,
      err instanceof Error ? err : new Error(String(err)),
    );
  };
  watchers.set(ds, listener);
  ds.on('error', listener);
}

/**
 * Stop catching a datasource's `error` events (at the end of a run). While
 * the connector's first connection, begun by the DataSource's constructor,
 * is still being made, keep catching until it is made or fails: juggler
 * emits that failure as an `error` event, which unheard would crash the
 * process after a run that already failed for it (or never needed it).
 */
export function stopWatchingConnectionErrors(ds: JugglerDataSource): void {
  const listener = watchers.get(ds);
  watchers.delete(ds);
  if (!listener) return;
  if (ds.initialized !== false || connectionErrors.has(ds)) {
    ds.removeListener('error', listener);
    return;
  }
  const settled = () => {
    ds.removeListener('error', listener);
    ds.removeListener('error', settled);
    ds.removeListener('initialized', settled);
  };
  ds.on('error', settled);
  ds.on('initialized', settled);
}

/**
 * Wait until a datasource is connected. A datasource set up without
 * `lazyConnect` is already connecting; juggler's `connect()` would then wait
 * for a callback that never comes (PostgreSQL), or be answered at once by a
 * connector that keeps the pool its first connection is made in (MySQL):
 * the datasource said connected before any login was tried. So wait for
 * its `connected` event, as long as juggler waits for it
 * (`connectionTimeout`, see {@link connectionTimeoutMs}): a datasource
 * disconnected after it connected (`ds.disconnect()`, `app.stop()`) is left
 * `connecting` by juggler, and no `connected` event comes.
 */
export async function ensureConnected(ds: JugglerDataSource): Promise<void> {
  const failed = connectionErrors.get(ds);
  if (failed && !ds.connected) throw failed;
  if (ds.connected) return;
  // The MySQL connector makes its first connection without saying it is
  // `connecting` (PostgreSQL's says so); juggler leaves the datasource
  // `initialized: false` until that connection is made. One with
  // `lazyConnect` makes none: it is initialized on the next tick.
  const firstConnection = ds.initialized === false && !ds.settings.lazyConnect;
  if (!ds.connecting && !firstConnection) {
    await ds.connect();
    return;
  }
  const timeoutMs = connectionTimeoutMs(ds.settings);
  await new Promise<void>((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      ds.removeListener('connected', onConnected);
      ds.removeListener('error', onError);
    };
    const onConnected = () => {
      stop();
      resolve();
    };
    const onError = (err?: unknown) => {
      stop();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    const timer = setTimeout(() => {
      stop();
      // Kept as a connection error: a later wait of the same run (the
      // fast path's read, then the plan) fails at once, not after as long.
      const err = new Error(notConnectedMessage(ds.name, timeoutMs));
      connectionErrors.set(ds, err);
      reject(err);
    }, timeoutMs);
    ds.once('connected', onConnected);
    ds.once('error', onError);
  });
}

/** Call a callback-style connector method and wait for it. */
export function callConnector(
  invoke: (cb: Callback) => void,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    invoke((err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** Run a read query through the connector (not captured, not a change). */
export async function queryConnector<T>(
  connector: JugglerConnector,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const execute = connector.execute;
  if (!execute)
    throw new Error(`connector ${connector.name} cannot execute SQL`);
  const rows = await callConnector(cb =>
    execute.call(connector, sql, params, cb),
  );
  return rows as T[];
}
