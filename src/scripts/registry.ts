import {
  BindingScope,
  createBindingFromClass,
  type Binding,
  type BindingFromClassOptions,
  type Constructor,
  type Context,
} from '@loopback/core';
import debugFactory from 'debug';
import {InvalidMigrationScriptError} from '../errors';
import {DEBUG_NAMESPACE} from '../keys';
import {
  MIGRATION_SCRIPT_TAG,
  MIGRATION_SCRIPT_VERSION_TAG,
  MIGRATION_SCRIPTS_NAMESPACE,
} from './keys';
import {className, scriptProblem} from './script-shape';
import type {MigrationScript} from './types';

const debug = debugFactory(`${DEBUG_NAMESPACE}:scripts`);

/** A migration script class, as `app.migrationScript()` takes it. */
export type MigrationScriptClass = Constructor<MigrationScript>;

/**
 * Bind a migration script class to a context (the app), as a singleton
 * tagged {@link MIGRATION_SCRIPT_TAG} under `migrationScripts.<ClassName>`.
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
  if (typeof cls !== 'function' || typeof cls.prototype !== 'object') {
    throw new InvalidMigrationScriptError(
      `app.migrationScript() takes a migration script class, got ${cls === null ? 'null' : typeof cls}.`,
    );
  }
  const name = className(cls);
  const probe = instantiate(cls);
  const problem = probe
    ? scriptProblem(probe)
    : typeof cls.prototype.up === 'function'
      ? undefined
      : scriptProblem({});
  if (problem) {
    throw new InvalidMigrationScriptError(
      `Migration script ${name} ${problem}.`,
    );
  }
  const options: BindingFromClassOptions =
    typeof nameOrOptions === 'string'
      ? {name: nameOrOptions}
      : (nameOrOptions ?? {});
  const binding = createMigrationScriptBinding(cls, options);
  if (probe) {
    const twin = ctx
      .findByTag({[MIGRATION_SCRIPT_VERSION_TAG]: probe.version})
      .find(other => other.key !== binding.key);
    if (twin) {
      throw new InvalidMigrationScriptError(
        `Migration script ${name} has version "${probe.version}", which ` +
          `${twin.valueConstructor?.name ?? 'the script'} (binding "${twin.key}") has too. Versions must be ` +
          'unique: the ledger records each applied version once. Give one of ' +
          'them another version.',
      );
    }
    binding.tag({[MIGRATION_SCRIPT_VERSION_TAG]: probe.version});
  }
  ctx.add(binding);
  debug('registered %s (%s)', binding.key, probe?.version ?? 'version unread');
  return binding;
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
