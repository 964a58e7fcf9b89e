import type {Context} from '@loopback/core';
import type {DataSourceTarget} from '../discovery/data-sources';
import type {ResolvedMigrationOptions} from '../options';
import {scriptTargets, type ScriptTarget} from './data-source';
import type {LedgerRow} from './ledger-types';
import {ledgerTableOf} from './ledger-table';
import {SKIPPED_MIGRATION_SCRIPTS} from './keys';
import {loadScripts, type LoadedScript} from './load';
import {scriptGroups} from './status';
import type {MigrationScriptPhase} from './types';

/** The scripts a `migrateSchema()` run covers, loaded before anything changes. */
export interface ScriptRun {
  readonly app: Context;
  readonly targets: readonly ScriptTarget[];
  /** The scripts of the selected datasources, in version order. */
  readonly scripts: readonly LoadedScript[];
  /** The `runs` group of every registered script, selected or not, by version. */
  readonly versions: ReadonlyMap<string, MigrationScriptPhase>;
  /**
   * Ledgers read without the lock (by datasource) that needed none: the
   * run's phases share them until one takes the lock.
   */
  readonly unlockedReads: Map<string, readonly LedgerRow[]>;
  readonly ledgerTable: string;
}

/**
 * Load and check the app's migration scripts for a run of
 * `migrateSchema()`, before anything changes; `undefined` with
 * `scripts: false`. Only scripts of the selected datasources run.
 *
 * @throws InvalidMigrationScriptError for an unusable script
 */
export async function prepareScriptRun(
  app: Context,
  targets: readonly DataSourceTarget[],
  options: Pick<ResolvedMigrationOptions, 'scripts' | 'dataSources'>,
): Promise<ScriptRun | undefined> {
  if (!options.scripts) return undefined;
  const ledgerTable = await ledgerTableOf(app);
  const all = await loadScripts(app, targets);
  const selected = options.dataSources;
  const skipped = app.getSync(SKIPPED_MIGRATION_SCRIPTS, {optional: true});
  return {
    app,
    targets: scriptTargets(targets),
    scripts: all.filter(
      s =>
        (!selected || selected.includes(s.dataSource)) &&
        !skipped?.has(s.version),
    ),
    versions: scriptGroups(all),
    ledgerTable,
    unlockedReads: new Map(),
  };
}

/**
 * The part of a run whose scripts run in `phase` (before or after the
 * schema sync), or `undefined` when there is none.
 */
export function scriptsOfPhase(
  run: ScriptRun | undefined,
  phase: MigrationScriptPhase,
): ScriptRun | undefined {
  const scripts = run?.scripts.filter(s => s.runs === phase) ?? [];
  return run && scripts.length > 0 ? {...run, scripts} : undefined;
}
