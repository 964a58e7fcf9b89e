import {Context, type Binding} from '@loopback/core';
import {juggler} from '@loopback/repository';
import {debugLogger} from '../debug';
import type {Dialect} from '../dialects/contract';
import {shadowDatabaseName} from '../dialects/shadow';
import type {DataSourceTarget} from '../discovery/data-sources';
import {ShadowDatabaseError} from '../errors';
import {ensureConnected, type JugglerConnector} from '../juggler';
import {DATASOURCE_TAG, REPOSITORY_TAG} from '../keys';
import {MIGRATION_SCRIPT_TAG} from '../scripts/keys';

const debug = debugLogger('generate');

/** A datasource of the app and the dialect of its database. */
export interface ShadowTarget {
  readonly target: DataSourceTarget;
  readonly connector: JugglerConnector;
  readonly dialect: Dialect;
}

/** A created shadow database and the datasource on it. */
interface Shadow {
  readonly of: ShadowTarget;
  readonly name: string;
  readonly dataSource: juggler.DataSource;
}

/**
 * Run `work` on a child context of the app in which each of `targets` is
 * bound to a datasource on a new, empty shadow database on the same server
 * (same settings, another database), with the same models attached; the
 * app's repositories and migration scripts are bound again in it, so that
 * what they inject resolves to the shadow datasources. The shadow databases
 * are dropped afterwards, also on failure. The app's own databases are
 * neither read for the plan nor changed.
 *
 * @throws ShadowDatabaseError when a shadow database cannot be created
 */
export async function withShadowDatabases<T>(
  app: Context,
  targets: readonly ShadowTarget[],
  work: (context: Context) => Promise<T>,
): Promise<T> {
  const shadows: Shadow[] = [];
  let result: T;
  try {
    for (const of of targets) shadows.push(await createShadow(of));
    result = await work(shadowContext(app, shadows));
  } catch (err) {
    // The run's own error is the one reported; a failed drop is logged.
    for (const shadow of shadows) {
      await dropShadow(shadow).catch(dropErr => debug('%s', dropErr));
    }
    throw err;
  }
  for (const shadow of shadows) await dropShadow(shadow);
  return result;
}

async function createShadow(of: ShadowTarget): Promise<Shadow> {
  const {target, connector, dialect} = of;
  const dataSource = target.dataSource;
  if (!dataSource)
    throw new Error(`datasource "${target.name}" is not juggler's`);
  await ensureConnected(dataSource);
  const name = shadowDatabaseName();
  try {
    await dialect.shadow.create(connector, name);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
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
  const copy = context.bind(binding.key).inScope(binding.scope);
  copy.tag(binding.tagMap);
  if (cls) copy.toClass(cls);
  else if (provider) copy.toProvider(provider);
}

async function dropShadow({of, name, dataSource}: Shadow): Promise<void> {
  try {
    await of.dialect.shadow.disconnect(dataSource);
    await of.dialect.shadow.drop(of.connector, name);
    debug('dropped shadow database %s', name);
  } catch (err) {
    throw new ShadowDatabaseError(
      `Could not drop the shadow database "${name}" of datasource ` +
        `"${of.target.name}": ${err instanceof Error ? err.message : String(err)}. ` +
        'Drop it by hand.',
      err,
    );
  }
}
