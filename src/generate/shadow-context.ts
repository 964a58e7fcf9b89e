import {firstScriptHint} from './first-script-failure';
import {afterInitialHint} from '../scripts/initial';
import {connectionHint} from '../connection-hint';
import {errorMessage} from '../database-error';
import {BindingScope, Context, type Binding} from '@loopback/core';
import {juggler} from '@loopback/repository';
import {debugLogger} from '../debug';
import type {Dialect} from '../dialects/contract';
import {shadowDatabaseName, type ShadowExtras} from '../dialects/shadow';
import {shadowUrlMismatch} from './shadow-url';
import type {DataSourceTarget} from '../discovery/data-sources';
import {MigrationScriptError, ShadowDatabaseError} from '../errors';
import {
  ensureConnected,
  watchConnectionErrors,
  type JugglerConnector,
} from '../juggler';
import {DATASOURCE_TAG, REPOSITORY_TAG} from '../keys';
import {MIGRATION_SCRIPT_TAG} from '../scripts/keys';
import {listenForInterrupt} from './interrupt';

const debug = debugLogger('generate');

/** A datasource of the app and the dialect of its database. */
export interface ShadowTarget {
  readonly target: DataSourceTarget;
  readonly connector: JugglerConnector;
  readonly dialect: Dialect;
}

/** A shadow database and the datasource on it. */
interface Shadow {
  readonly of: ShadowTarget;
  /** The database created, or (given) how messages name it. */
  readonly name: string;
  readonly dataSource: juggler.DataSource;
  /**
   * For a database the user gave: what it held beside its tables before
   * the run, which stays; it is emptied afterwards, not dropped.
   */
  readonly given?: ShadowExtras;
}

/** A database the user gave for the shadow: a URL or datasource settings. */
export type GivenShadow = string | Readonly<Record<string, unknown>>;

/**
 * Run `work` on a child context of the app in which each of `targets` is
 * bound to a datasource on a new, empty shadow database on the same server
 * (same settings, another database), with the same models attached; the
 * app's repositories and migration scripts are bound again in it, so that
 * what they inject resolves to the shadow datasources. The shadow databases
 * are dropped afterwards, also on failure. The app's own databases are
 * neither read for the plan nor changed. With `given`, the one target's
 * shadow is that (empty) database instead, and its tables and the schemas
 * and extensions the run made there are dropped afterwards.
 *
 * @throws ShadowDatabaseError when a shadow database cannot be created, or
 * the given one holds tables or schemas, or a migration script failed on it (its
 * `cause` is the `MigrationScriptError`)
 */
export async function withShadowDatabases<T>(
  app: Context,
  targets: readonly ShadowTarget[],
  given: GivenShadow | undefined,
  work: (context: Context) => Promise<T>,
): Promise<T> {
  const shadows: Shadow[] = [];
  // Ctrl-C or a kill: the work is cut short, the shadow databases are
  // dropped, then the process ends as the signal would have.
  let stopCancelling = (): void => undefined;
  const interruption = listenForInterrupt(() => {
    stopCancelling = keepCancelling(shadows);
  });
  try {
    let result: T;
    try {
      for (const of of targets) {
        shadows.push(
          given === undefined
            ? await createShadow(of)
            : await openGivenShadow(of, given),
        );
      }
      const signal = interruption.signal();
      if (signal) {
        throw new ShadowDatabaseError(
          `Interrupted (${signal}) before planning: nothing was written.`,
          undefined,
        );
      }
      result = await work(shadowContext(app, shadows)).finally(() =>
        stopCancelling(),
      );
    } catch (err) {
      // Interrupted while a shadow was made: no more cancels on what is dropped.
      stopCancelling();
      // The run's own error is the one reported; a failed drop is logged.
      for (const shadow of shadows) {
        await dropShadow(shadow).catch(dropErr => debug('%s', dropErr));
      }
      throw err instanceof MigrationScriptError
        ? shadowScriptFailure(
            err,
            shadows,
            (await firstScriptHint(app, err)) +
              (await afterInitialHint(app, err.report, err)),
          )
        : err;
    }
    for (const shadow of shadows) await dropShadow(shadow);
    return result;
  } finally {
    stopCancelling();
    interruption.end();
  }
}

/** How long after one round of cancels the next one starts. */
const CANCEL_EVERY_MS = 200;

/**
 * Cancel what runs on the shadow databases, so that the work fails at once
 * and they are dropped (a given one emptied), and again every
 * CANCEL_EVERY_MS until the returned function is called (when the work has
 * ended): a statement sent after a round (a script's next one, sent between
 * two rounds) is cancelled by the next. Cancels are sent from the app's
 * connection for a shadow this run made, from one of its own for a given
 * one. A failed cancel only delays the end until the work's statement ends:
 * it is logged.
 */
function keepCancelling(shadows: readonly Shadow[]): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const round = (): void => {
    const cancels = shadows.map(({of, name, dataSource, given}) =>
      (given
        ? of.dialect.shadow.cancel(dataSource.connector as JugglerConnector)
        : of.dialect.shadow.cancel(of.connector, name)
      ).catch(err => debug('cancelling on %s: %s', name, err)),
    );
    void Promise.all(cancels).then(() => {
      if (!stopped) timer = setTimeout(round, CANCEL_EVERY_MS);
    });
  };
  round();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

async function createShadow(of: ShadowTarget): Promise<Shadow> {
  const {target, connector, dialect} = of;
  const dataSource = target.dataSource;
  if (!dataSource)
    throw new Error(`datasource "${target.name}" is not juggler's`);
  const name = shadowDatabaseName();
  try {
    await ensureConnected(dataSource);
  } catch (err) {
    throw new ShadowDatabaseError(
      `Cannot create the shadow database "${name}" on the server of datasource ` +
        `"${target.name}": connecting to it failed: ${errorMessage(err)}${connectionHint(err)}`,
      err,
    );
  }
  try {
    await dialect.shadow.create(connector, name);
  } catch (err) {
    const message = errorMessage(err);
    throw new ShadowDatabaseError(
      dialect.shadow.isPermissionError(err)
        ? `Cannot create the shadow database "${name}" on the server of datasource ` +
            `"${target.name}": its user lacks the privilege to create databases ` +
            `(${message}). migrate --generate plans against a temporary database on ` +
            `the same server and drops it afterwards; it never changes the app's ` +
            `own database. Fix: ${dialect.shadow.grantHint}.`
        : `Cannot create the shadow database "${name}" on the server of datasource ` +
            `"${target.name}": ${message}`,
      err,
    );
  }
  debug('created shadow database %s for %s', name, target.name);
  try {
    const settings = dialect.shadow.settings(
      (dataSource as {settings: Record<string, unknown>}).settings,
      name,
    );
    const shadowDs = new juggler.DataSource({...settings, name: target.name});
    attachModels(connector, shadowDs);
    return {of, name, dataSource: shadowDs};
  } catch (err) {
    await dialect.shadow.drop(connector, name);
    throw err;
  }
}

/**
 * A datasource on the database the user gave, with the app's models,
 * checked to hold no table nor schema of its own (else the plan would start
 * from them, and leave out their CREATE), and what it holds beside (its
 * extensions), which stays.
 */
async function openGivenShadow(
  of: ShadowTarget,
  given: GivenShadow,
): Promise<Shadow> {
  const {target, connector, dialect} = of;
  const appSettings = (target.dataSource as {settings?: {connector?: unknown}})
    .settings;
  const dataSource = new juggler.DataSource({
    ...(typeof given === 'string' ? {url: given} : given),
    connector: appSettings?.connector ?? target.connectorName,
    name: target.name,
    // Connected below, where a failure is this run's error, not a crash.
    lazyConnect: true,
  });
  watchConnectionErrors(dataSource);
  const name = 'the given shadow database';
  let found: ShadowExtras;
  const fail = (message: string, cause?: unknown) =>
    new ShadowDatabaseError(
      `Cannot plan on ${name} (shadowDatabase, CLI --shadow-url) for ` +
        `datasource "${target.name}": ${message}`,
      cause,
    );
  const mismatch =
    typeof given === 'string'
      ? shadowUrlMismatch(given, target.connectorName, target.name)
      : undefined;
  if (mismatch !== undefined) throw fail(mismatch);
  try {
    await ensureConnected(dataSource);
    const shadowConnector = dataSource.connector as JugglerConnector;
    const identity = await dialect.shadow.identity(shadowConnector);
    if (identity === (await dialect.shadow.identity(connector))) {
      throw fail(
        `it is the datasource's own database (${identity}), which --generate never changes. ` +
          'Give an empty database of its own for the shadow.',
      );
    }
    const tables = await dialect.shadow.tables(shadowConnector);
    if (tables.length > 0) {
      throw fail(
        `it must be empty, and it holds ${tables.length} table(s) ` +
          `(${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}). ` +
          "Give a database of its own for the shadow, or drop its tables; it is never the app's database.",
      );
    }
    found = await dialect.shadow.extras(shadowConnector);
    if (found.schemas.length > 0) {
      throw fail(
        `it must be empty, and it holds ${found.schemas.length} schema(s) ` +
          `(${found.schemas.join(', ')}): the plan would not create them, so a ` +
          'script generated there would fail on a new database. Drop them ' +
          `(DROP SCHEMA ${found.schemas.join(', ')} CASCADE; an earlier version ` +
          'of --generate left the schemas it made), or give a database of its own for the shadow.',
      );
    }
  } catch (err) {
    // The reason it cannot be used is the error reported.
    await dialect.shadow
      .disconnect(dataSource)
      .catch(disconnectErr => debug('%s', disconnectErr));
    if (err instanceof ShadowDatabaseError) throw err;
    throw fail(errorMessage(err), err);
  }
  attachModels(connector, dataSource);
  debug('planning %s on the given shadow database', target.name);
  return {of, name, dataSource, given: found};
}

/** Define every model of the app's connector on the shadow datasource. */
function attachModels(
  connector: JugglerConnector,
  shadow: juggler.DataSource,
): void {
  for (const [model, attached] of Object.entries(connector._models ?? {})) {
    const definition = (
      attached as {
        model?: {
          definition?: {
            rawProperties?: object;
            settings?: object;
          };
        };
      }
    ).model?.definition;
    shadow.createModel(
      model,
      {...(definition?.rawProperties ?? attached.properties)},
      {...(definition?.settings ?? attached.settings)},
    );
  }
}

function shadowContext(app: Context, shadows: readonly Shadow[]): Context {
  const context = new Context(app, 'schema-migration-shadow');
  for (const {of, dataSource} of shadows) {
    context.bind(of.target.bindingKey).to(dataSource).tag(DATASOURCE_TAG);
  }
  // Bound again here, their injections resolve in this context.
  for (const tag of [REPOSITORY_TAG, MIGRATION_SCRIPT_TAG]) {
    for (const binding of app.findByTag(tag)) rebind(context, binding);
  }
  return context;
}

function rebind(context: Context, binding: Readonly<Binding<unknown>>): void {
  const cls = binding.valueConstructor;
  const provider = binding.providerConstructor;
  if (!cls && !provider) return;
  const copy = context.bind(binding.key).inScope(shadowScope(binding.scope));
  copy.tag(binding.tagMap);
  if (cls) copy.toClass(cls);
  else if (provider) copy.toProvider(provider);
}

/**
 * The scope of a copy bound in the shadow context: an application, server
 * or request scope would resolve it in the app (or a request context),
 * which cannot see the copy (loopback4-migration binds its
 * `MigrationRepository` in application scope): one instance per shadow
 * context instead.
 */
function shadowScope(scope: BindingScope): BindingScope {
  return scope === BindingScope.TRANSIENT || scope === BindingScope.CONTEXT
    ? scope
    : BindingScope.SINGLETON;
}

async function dropShadow({
  of,
  name,
  dataSource,
  given,
}: Shadow): Promise<void> {
  try {
    if (given) {
      await of.dialect.shadow.empty(
        dataSource.connector as JugglerConnector,
        given,
      );
    }
    await of.dialect.shadow.disconnect(dataSource);
    if (!given) await of.dialect.shadow.drop(of.connector, name);
    debug('%s %s', given ? 'emptied' : 'dropped', name);
  } catch (err) {
    const message = errorMessage(err);
    throw new ShadowDatabaseError(
      given
        ? `Could not drop the tables, schemas and extensions the run made in ${name} (datasource "${of.target.name}"): ${message}. ` +
            'Drop them by hand before the next --generate.'
        : `Could not drop the shadow database "${name}" of datasource ` +
            `"${of.target.name}": ${message}. Drop it by hand.`,
      err,
    );
  }
}

/**
 * A script that failed on a shadow database, said as such: the failure's
 * own message speaks of a database it changed and a ledger, which were the
 * shadow database's (dropped or emptied since), and its report is theirs.
 */
function shadowScriptFailure(
  err: MigrationScriptError,
  shadows: readonly Shadow[],
  hint: string,
): ShadowDatabaseError {
  const shadow = shadows.find(s => s.of.target.name === err.dataSource);
  // The script's own message may end with a full stop already.
  const what = err.message.split('\n')[0].replace(/\.+$/, '');
  const where = !shadow
    ? 'the shadow database'
    : shadow.given
      ? 'the given shadow database (shadowDatabase, CLI --shadow-url)'
      : `the shadow database "${shadow.name}"`;
  return new ShadowDatabaseError(
    `${what}. It ran on ${where}, ` +
      'to which the committed migration scripts are applied before the models ' +
      "are planned; the app's own databases were not changed, and no migration file was " +
      'written. Fix the script (a new database starts as empty as the shadow ' +
      'one), build, and run again.' +
      hint,
    err,
  );
}
