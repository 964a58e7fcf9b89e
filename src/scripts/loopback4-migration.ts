/**
 * What this package knows of the `loopback4-migration` package, whose
 * scripts live in the same `migrations/*.migration.js` files: the names it
 * binds and tags, and where it keeps the versions it applied. Nothing of it
 * is imported: apps that do not use it need not have it.
 */
import {debugLogger} from '../debug';
import type {Binding, Context} from '@loopback/core';
import {dataSourceName} from '../discovery/data-sources';
import {DATASOURCE_TAG} from '../keys';
import {MIGRATION_SCRIPT_TAG} from './keys';

const debug = debugLogger('loopback4-migration');

/** The tag of its scripts (its `@migrationScript()` and its booter's bindings). */
export const LOOPBACK4_MIGRATION_SCRIPT_TAG = 'migration.script';

/** The binding key of its `MigrationComponent` (`MigrationBindings.COMPONENT`). */
export const LOOPBACK4_MIGRATION_COMPONENT = 'components.MigrationComponent';

/** The model it records applied versions with, unless its config has `modelName`. */
export const LOOPBACK4_MIGRATION_MODEL = 'Migration';

/** Whether a binding (made of a class) is tagged as a script of loopback4-migration. */
export function isLoopback4MigrationBinding(
  binding: Readonly<Binding<unknown>>,
): boolean {
  return LOOPBACK4_MIGRATION_SCRIPT_TAG in binding.tagMap;
}

/** What loopback4-migration's component is configured with, as far as it is read here. */
interface Loopback4MigrationConfig {
  readonly modelName?: unknown;
  readonly dataSourceName?: unknown;
}

async function loopback4MigrationConfig(
  app: Context,
): Promise<Loopback4MigrationConfig | undefined> {
  return app.getConfig<Loopback4MigrationConfig>(LOOPBACK4_MIGRATION_COMPONENT);
}

/**
 * The model name loopback4-migration stores its records with: the
 * `modelName` of its component's config (`app.configure(MigrationBindings.COMPONENT)`),
 * else `Migration`.
 */
export async function loopback4MigrationModel(app: Context): Promise<string> {
  const name = (await loopback4MigrationConfig(app))?.modelName;
  return typeof name === 'string' && name !== ''
    ? name
    : LOOPBACK4_MIGRATION_MODEL;
}

/**
 * The datasource loopback4-migration keeps its records in, whatever
 * datasource its scripts changed: the `dataSourceName` of its component's
 * config, else the first bound datasource (its repository injects every
 * datasource and takes the first). `undefined` when the app binds none.
 */
export async function loopback4MigrationDataSource(
  app: Context,
): Promise<string | undefined> {
  const name = (await loopback4MigrationConfig(app))?.dataSourceName;
  if (typeof name === 'string' && name !== '') return name;
  const [first] = app.findByTag(DATASOURCE_TAG);
  return first && dataSourceName(first.key);
}

/** The apps whose new bindings are watched already. */
const guarded = new WeakSet<Context>();

/**
 * Keep loopback4-migration from running this package's scripts: its booter
 * binds every class with an `up()` it finds in `migrations/*.migration.js`,
 * ours included, and its service would run them on `app.start()` (with no
 * `MigrationContext`). Removes such bindings now and whenever one is added.
 */
export function keepOurScriptsFromLoopback4Migration(app: Context): void {
  const ours = (binding: Readonly<Binding<unknown>>) =>
    isLoopback4MigrationBinding(binding) &&
    binding.valueConstructor !== undefined &&
    app
      .findByTag(MIGRATION_SCRIPT_TAG)
      .some(own => own.valueConstructor === binding.valueConstructor);
  const drop = (binding: Readonly<Binding<unknown>>) => {
    debug('unbinding %s: a script of loopback-schema-migration', binding.key);
    app.unbind(binding.key);
  };
  app.findByTag(LOOPBACK4_MIGRATION_SCRIPT_TAG).filter(ours).forEach(drop);
  if (guarded.has(app)) return;
  guarded.add(app);
  app.on('bind', ({binding}: {binding: Readonly<Binding<unknown>>}) => {
    if (ours(binding)) drop(binding);
  });
}
