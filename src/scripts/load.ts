import type {Binding} from '@loopback/core';
import type {BindingSource, DataSourceTarget} from '../discovery/data-sources';
import {InvalidMigrationScriptError} from '../errors';
import {scriptChecksum} from './checksum';
import {SCRIPT_CONNECTORS, scriptTargets} from './data-source';
import {MIGRATION_SCRIPT_TAG} from './keys';
import {bindingOrigin} from './registry';
import {className, scriptProblem} from './script-shape';
import type {MigrationScript, MigrationScriptPhase} from './types';
import {compareVersions} from './version-order';

/** A registered script, checked, with its datasource resolved. */
export interface LoadedScript {
  readonly instance: MigrationScript;
  readonly version: string;
  readonly description?: string;
  /** The class name. */
  readonly name: string;
  /** The datasource name as bound (resolved when the script has none). */
  readonly dataSource: string;
  /** Before or after the schema sync. */
  readonly runs: MigrationScriptPhase;
  readonly checksum: string;
  readonly reversible: boolean;
  /** Why it cannot be reverted, as the script says (`MigrationScript.irreversible`). */
  readonly irreversible?: string;
  /**
   * Why the script cannot run, when its datasource is bound with another
   * connector than PostgreSQL or MySQL (a memory datasource a test bound
   * in place of the app's database): it is reported `skipped`.
   */
  readonly cannotRun?: string;
}

/**
 * Resolve every binding tagged `migrationScript` and check the scripts
 * against the app's datasources: each needs an `up()`, a version no other
 * script has, and a bound datasource (its own `dataSource`, or the app's
 * only PostgreSQL or MySQL one, or without any the app's only datasource).
 * A script whose datasource has another connector (memory) is loaded with
 * the reason it cannot run. Sorted by version.
 *
 * @throws InvalidMigrationScriptError naming the script and the fix
 */
export async function loadScripts(
  app: BindingSource,
  targets: readonly DataSourceTarget[],
): Promise<LoadedScript[]> {
  const bindings = app.findByTag(MIGRATION_SCRIPT_TAG);
  const loaded: LoadedScript[] = [];
  const byVersion = new Map<string, Readonly<Binding<unknown>>>();
  for (const binding of bindings) {
    const instance: unknown = await app.get(binding.key);
    const name = className(instance);
    const problem = scriptProblem(instance);
    if (problem) {
      throw new InvalidMigrationScriptError(
        `Migration script ${name} (binding "${binding.key}") ${problem}.`,
      );
    }
    const script = instance as MigrationScript;
    const twin = byVersion.get(script.version);
    if (twin) {
      throw new InvalidMigrationScriptError(
        `Migration scripts ${bindingOrigin(twin)} and ${bindingOrigin(binding)} ` +
          `have the same version "${script.version}". Versions must be unique: ` +
          'the ledger records each applied version once. Give one of them ' +
          'another version (or delete a stale copy left in the build output).',
      );
    }
    byVersion.set(script.version, binding);
    loaded.push({
      instance: script,
      version: script.version,
      description: script.description,
      name,
      ...resolveDataSource(script, name, targets),
      // Checked by scriptProblem(): 'before-schema', 'after-schema' or absent.
      runs: script.runs === 'before-schema' ? 'before-schema' : 'after-schema',
      checksum: scriptChecksum(script),
      reversible:
        typeof script.down === 'function' && script.irreversible === undefined,
      ...(script.irreversible !== undefined && {
        irreversible: script.irreversible,
      }),
    });
  }
  return loaded.sort((a, b) => compareVersions(a.version, b.version));
}

/** A script's datasource, and why it cannot run there (if it cannot). */
type ResolvedDataSource = Pick<LoadedScript, 'dataSource' | 'cannotRun'>;

function resolveDataSource(
  script: MigrationScript,
  name: string,
  targets: readonly DataSourceTarget[],
): ResolvedDataSource {
  const label = `Migration script ${name} (${script.version})`;
  const usable = scriptTargets(targets);
  const wanted = script.dataSource;
  if (wanted === undefined) {
    const enabled = usable.filter(t => !t.disabled);
    if (enabled.length === 1) return {dataSource: enabled[0].name};
    // The app's one datasource, which does not run it: disabled
    // (disableMigration, skipped as a script naming it is), or bound with
    // another connector (a test's memory datasource in place of the
    // database).
    if (enabled.length === 0 && targets.length === 1) {
      const [only] = targets;
      return usable.length === 1
        ? {dataSource: only.name}
        : onOtherConnector(only);
    }
    throw new InvalidMigrationScriptError(
      enabled.length === 0
        ? `${label} cannot run: the app has no PostgreSQL or MySQL datasource ` +
            (usable.length > 0 ? 'without disableMigration ' : '') +
            `(${describeTargets(targets)}). Scripts run on ${SCRIPT_CONNECTORS.join(' and ')} ` +
            'datasources, where their ledger and lock live. Set its dataSource ' +
            '(a script of a datasource bound with another connector, such as a ' +
            "test's memory datasource, is skipped)."
        : `${label} does not say which datasource it migrates, and the app has ` +
            `${enabled.length}: ${enabled.map(t => `"${t.name}"`).join(', ')}. ` +
            `Set its dataSource, e.g. \`dataSource = '${enabled[0].name}'\`.`,
    );
  }
  const target = targets.find(t => t.name === wanted);
  if (!target) {
    const near = targets.find(
      t =>
        t.name.toLowerCase() ===
        wanted.replace(/^datasources\./, '').toLowerCase(),
    );
    throw new InvalidMigrationScriptError(
      `${label} names datasource "${wanted}", which is not bound` +
        (near ? ` (did you mean "${near.name}"?)` : '') +
        `. Bound datasources: ${describeTargets(targets)}. ` +
        'Use the name as bound: "db" for "datasources.db".',
    );
  }
  if (!usable.some(t => t.name === wanted)) return onOtherConnector(target);
  return {dataSource: wanted};
}

/** A script of a datasource that is not PostgreSQL or MySQL: skipped. */
function onOtherConnector(target: DataSourceTarget): ResolvedDataSource {
  return {
    dataSource: target.name,
    cannotRun:
      `datasource "${target.name}" uses the ${target.connectorName} connector: ` +
      `migration scripts run (and are recorded) on ${SCRIPT_CONNECTORS.join(' and ')} ` +
      'datasources only, where their ledger and lock live',
  };
}

function describeTargets(targets: readonly DataSourceTarget[]): string {
  return (
    targets.map(t => `"${t.name}" (${t.connectorName})`).join(', ') || 'none'
  );
}
