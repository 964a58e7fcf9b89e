import {holdLock, withRunScope} from '../runner/run-scope';
import {debugLogger} from '../debug';
import type {Context} from '@loopback/core';
import {selectTargets} from '../discovery/selection';
import {InvalidMigrationOptionsError} from '../errors';
import {connectForLedger} from './connect';
import type {SchemaMigrationReport} from '../types';
import {recordUnrun} from './adopt';
import {checkBaselineOptions} from './baseline-options';
import {scriptConnector, scriptTargets} from './data-source';
import {ledgerFor} from './ledger';
import {ledgerTableOf} from './ledger-table';
import {loadScripts} from './load';
import {cannotRunResults, result} from './run-pending';
import type {BaselineMigrationsOptions} from './types';
import {compareVersions} from './version-order';
import {partOfFile} from './file-parts';

const debug = debugLogger('scripts');

/**
 * Record migration scripts as applied without running them, for a database
 * that already has what they do (an existing production database): every
 * registered script up to version `to` (all without it) of the selected
 * `dataSources` that its datasource's ledger does not have yet. Under the
 * migration lock. The report's `scripts` lists them as `baselined`
 * (`dataSources` is empty: the schema is not synced). When no script of
 * the selected `dataSources` is registered (the app's scripts migrate
 * others), the report's `warnings` say so.
 *
 * @throws InvalidMigrationOptionsError for bad options, or a `to` no script has
 * @throws UnknownDataSourceError for an unbound name in `dataSources`
 * @throws InvalidMigrationScriptError for an unusable script
 */
export async function baselineMigrations(
  app: Context,
  options?: BaselineMigrationsOptions,
): Promise<SchemaMigrationReport> {
  const {to, dataSources, lockTimeoutMs} = checkBaselineOptions(options);
  const report: SchemaMigrationReport = {
    operation: 'autoupdate',
    dryRun: false,
    dataSources: [],
    scripts: [],
    warnings: [],
  };
  return withRunScope(
    app,
    {operation: 'autoupdate'},
    async ({targets, holding}) => {
      const selected = selectTargets(targets, {dataSources, models: undefined});
      const scripts = await loadScripts(app, targets);
      if (to !== undefined && !scripts.some(s => partOfFile(s, to))) {
        throw new InvalidMigrationOptionsError(
          `Cannot baseline to version "${to}": no registered migration script has it. ` +
            (scripts.length > 0
              ? `Versions: ${scripts.map(s => s.version).join(', ')}.`
              : 'No migration script is registered.') +
            ' Name the highest version to record as applied.',
        );
      }
      const chosen = scripts.filter(
        s =>
          selected.some(({target}) => target.name === s.dataSource) &&
          (to === undefined ||
            compareVersions(s.version, to) <= 0 ||
            partOfFile(s, to)),
      );
      if (dataSources && scripts.length > 0 && chosen.length === 0) {
        report.warnings.push(noScriptOf(dataSources, scripts, to));
      }
      const table = await ledgerTableOf(app);
      report.scripts.push(...cannotRunResults(chosen));
      for (const target of scriptTargets(targets)) {
        const own = chosen.filter(s => s.dataSource === target.name);
        if (own.length === 0) continue;
        if (target.disabled) {
          const reason = `datasource "${target.name}" has disableMigration: ${JSON.stringify(target.dataSource.settings.disableMigration)}`;
          report.scripts.push(...own.map(s => result(s, 'skipped', {reason})));
          continue;
        }
        await connectForLedger(target, lockTimeoutMs);
        await holdLock(scriptConnector(target), lockTimeoutMs, holding);
        const ledger = ledgerFor(target, table);
        const recorded = await ledger.read();
        const fresh = own.filter(
          s => !recorded.some(r => r.version === s.version),
        );
        await recordUnrun(
          ledger,
          fresh.map(script => ({script})),
        );
        const reason = `recorded as applied in the ledger ${ledger.table} without running (baseline)`;
        report.scripts.push(
          ...fresh.map(s => result(s, 'baselined', {reason})),
        );
        debug(
          'baselined %j on %s',
          fresh.map(s => s.version),
          target.name,
        );
      }
      return report;
    },
  );
}

/**
 * The warning of a baseline whose `dataSources` have no registered script
 * (up to `to`): which datasources the app's scripts migrate instead.
 */
function noScriptOf(
  dataSources: readonly string[],
  scripts: readonly {readonly dataSource: string}[],
  to: string | undefined,
): string {
  const others = [...new Set(scripts.map(s => s.dataSource))].sort();
  return (
    `no migration script${to === undefined ? '' : ` up to ${to}`} migrates ` +
    `datasource(s) ${dataSources.join(', ')}: the app's scripts migrate ${others.join(', ')}. ` +
    'Name those in `dataSources` (`--datasources` on the command line), or leave it out.'
  );
}
