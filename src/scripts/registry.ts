import {debugLogger} from '../debug';
import {
  BindingScope,
  createBindingFromClass,
  type Binding,
  type BindingFromClassOptions,
  type Constructor,
  type Context,
} from '@loopback/core';
import {InvalidMigrationScriptError} from '../errors';
import {
  MIGRATION_SCRIPT_SOURCE_TAG,
  MIGRATION_SCRIPT_TAG,
  MIGRATION_SCRIPT_VERSION_TAG,
  MIGRATION_SCRIPTS_NAMESPACE,
} from './keys';
import {className, scriptProblem} from './script-shape';
import type {MigrationScript} from './types';

const debug = debugLogger('scripts');

/** A migration script class, as `app.migrationScript()` takes it. */
export type MigrationScriptClass = Constructor<MigrationScript>;

/**
 * Bind a migration script class to a context (the app), as a singleton
 * tagged {@link MIGRATION_SCRIPT_TAG} under `migrationScripts.<ClassName>`
 * (`migrationScripts.<ClassName>.2`, `.3`, ... when another class of that
 * name is bound: a script is known by its version, not its class name).
 *
 * The class is checked first: it must have an `up()` method and a version
 * that no other registered script has. To read the version, the class is
 * instantiated once without arguments (constructor injection is not done
 * then); when that throws, the version is checked when a run loads the
 * scripts, still before anything changes. Registering the same class twice
 * is harmless.
 *
 * @throws InvalidMigrationScriptError saying what is wrong and how to fix it
 */
export function registerMigrationScript(
  ctx: Context,
  cls: MigrationScriptClass,
  nameOrOptions?: string | BindingFromClassOptions,
): Binding<MigrationScript> {
  return bindMigrationScript(ctx, cls, nameOrOptions);
}

/**
 * {@link registerMigrationScript}, for a class found in a file: `source`
 * names the file (see `scriptSourceFile()`) in messages and in the tag
 * {@link MIGRATION_SCRIPT_SOURCE_TAG}.
 */
export function bindMigrationScript(
  ctx: Context,
  cls: MigrationScriptClass,
  nameOrOptions?: string | BindingFromClassOptions,
  source?: string,
): Binding<MigrationScript> {
  if (typeof cls !== 'function' || typeof cls.prototype !== 'object') {
    throw new InvalidMigrationScriptError(
      `app.migrationScript() takes a migration script class, got ${cls === null ? 'null' : typeof cls}.`,
    );
  }
  const label = scriptOrigin(className(cls), source);
  const probe = instantiate(cls);
  const problem = probe
    ? scriptProblem(probe)
    : typeof cls.prototype.up === 'function'
      ? undefined
      : scriptProblem({});
  if (problem) {
    throw new InvalidMigrationScriptError(
      `Migration script ${label} ${problem}.`,
    );
  }
  const options: BindingFromClassOptions =
    typeof nameOrOptions === 'string'
      ? {name: nameOrOptions}
      : (nameOrOptions ?? {});
  const binding = createMigrationScriptBinding(cls, {
    ...options,
    name: freeName(ctx, cls, options.name ?? className(cls)),
  });
  if (source) binding.tag({[MIGRATION_SCRIPT_SOURCE_TAG]: source});
  if (probe) {
    const twin = ctx
      .findByTag({[MIGRATION_SCRIPT_VERSION_TAG]: probe.version})
      .find(other => other.key !== binding.key);
    if (twin) {
      throw new InvalidMigrationScriptError(
        `Migration script ${label} has version "${probe.version}", which ` +
          `${bindingOrigin(twin)} has too. Versions must be unique: the ` +
          'ledger records each applied version once. Give one of them ' +
          'another version' +
          (source && twin.tagMap[MIGRATION_SCRIPT_SOURCE_TAG]
            ? ', or, if one file is a stale copy left in the build output ' +
              '(e.g. after a rename), delete it (clean the build)'
            : '') +
          '.',
      );
    }
    binding.tag({[MIGRATION_SCRIPT_VERSION_TAG]: probe.version});
  }
  ctx.add(binding);
  debug('registered %s (%s)', binding.key, probe?.version ?? 'version unread');
  return binding;
}

/**
 * `name`, or `name.2`, `name.3`, ...: the first binding name in the
 * namespace that is free or holds this very class.
 */
function freeName(
  ctx: Context,
  cls: MigrationScriptClass,
  name: string,
): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${name}.${n}`;
    const key = `${MIGRATION_SCRIPTS_NAMESPACE}.${candidate}`;
    if (!ctx.contains(key)) return candidate;
    if (ctx.getBinding(key).valueConstructor === cls) return candidate;
  }
}

/** `Seed (src/migrations/seed.migration.ts, binding "migrationScripts.Seed")`. */
export function bindingOrigin(binding: Readonly<Binding<unknown>>): string {
  const source: unknown = binding.tagMap[MIGRATION_SCRIPT_SOURCE_TAG];
  const where = [
    typeof source === 'string' ? source : '',
    `binding "${binding.key}"`,
  ].filter(Boolean);
  return `${binding.valueConstructor?.name ?? 'the script'} (${where.join(', ')})`;
}

/** `Seed (src/migrations/seed.migration.ts)`, or `Seed`. */
function scriptOrigin(name: string, source: string | undefined): string {
  return source ? `${name} (${source})` : name;
}

/**
 * The binding of a migration script class: a singleton tagged
 * {@link MIGRATION_SCRIPT_TAG} in the {@link MIGRATION_SCRIPTS_NAMESPACE}
 * namespace. It is not checked; see {@link registerMigrationScript}.
 */
export function createMigrationScriptBinding(
  cls: MigrationScriptClass,
  options: BindingFromClassOptions = {},
): Binding<MigrationScript> {
  return createBindingFromClass(cls, {
    namespace: MIGRATION_SCRIPTS_NAMESPACE,
    defaultScope: BindingScope.SINGLETON,
    ...options,
  }).tag(MIGRATION_SCRIPT_TAG);
}

function instantiate(cls: MigrationScriptClass): MigrationScript | undefined {
  try {
    return new cls();
  } catch (err) {
    debug('%s cannot be instantiated without injection: %s', cls.name, err);
    return undefined;
  }
}
