import {holdLock, withRunScope} from '../runner/run-scope';
import {debugLogger} from '../debug';
import type {Context} from '@loopback/core';
import {
  DataLossError,
  InvalidMigrationOptionsError,
  IrreversibleMigrationError,
  MigrationChecksumError,
  type ChangedMigrationScript,
} from '../errors';
import {connectForLedger} from './connect';
import {lockGuard, type LockGuard} from '../runner/lock-guard';
import {poolWait} from '../runner/pool-wait';
import type {SchemaMigrationReport} from '../types';
import {scriptConnector, scriptTargets, type ScriptTarget} from './data-source';
import {executeScript, ScriptRunError} from './execute';
import {ledgerFor} from './ledger';
import {ledgerTableOf} from './ledger-table';
import {loadScripts, type LoadedScript} from './load';
import {loopback4MigrationApplied} from './loopback4-migration-ledger';
import {
  acceptedRevertChecksumWarning,
  cannotRevert,
  checksumMessage,
  irreversibleMessage,
  scriptFailure,
  scriptLabel,
} from './messages';
import {
  keptAfter,
  refuseLoss,
  rehearsedLoss,
  rehearsedRefusal,
  rehearsedVerdicts,
  REFUSED_BEFORE,
  revertLossError,
  type RehearsedVerdict,
} from './revert-refusal';
import {resolveRevertOptions, type ResolvedRevert} from './revert-options';
import {result} from './run-pending';
import type {RevertMigrationsOptions} from './types';
import {
  ensureLockBeforeScript,
  ledgerUnderLock,
  lockLostInScript,
} from './script-lock';
import {compareVersions} from './version-order';
import {partOfFile} from './file-parts';
import type {Ledger, LedgerRow} from './ledger-types';

const debug = debugLogger('scripts');

/** An applied script (a ledger row) and where it lives. */
interface Applied {
  readonly target: ScriptTarget;
  readonly ledger: Ledger;
  /** The datasource's migration lock, checked before each script. */
  readonly guard: LockGuard;
  readonly row: LedgerRow;
  /** The registered script of this version and datasource, if any. */
  readonly script?: LoadedScript;
}

/**
 * Revert applied migration scripts, highest version first: the last
 * `steps` (default 1), or all above version `to`. Every script to revert is
 * checked first: one without `down()` (or no longer in the code), or whose
 * code changed, stops the revert before anything is reverted. Each `down()`
 * and the removal of its ledger row run under the migration lock, in one
 * transaction on PostgreSQL. Without `acceptDataLoss`, a `down()` of fixed
 * statements (a generated one) that would drop data is refused before any
 * of its statements runs; any other is judged statement by statement.
 *
 * @throws InvalidMigrationOptionsError for bad options or a `to` that is not applied
 * @throws IrreversibleMigrationError when a script cannot be reverted
 * @throws MigrationChecksumError when a script's code changed
 * @throws MigrationScriptError when a `down()` fails; earlier ones stay reverted
 */
export async function revertMigrations(
  app: Context,
  options?: RevertMigrationsOptions,
): Promise<SchemaMigrationReport> {
  const resolved = resolveRevertOptions(options);
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
      const scripts = await loadScripts(app, targets);
      const table = await ledgerTableOf(app);
      const applied: Applied[] = [];
      for (const target of scriptTargets(targets)) {
        if (target.disabled) continue;
        await connectForLedger(target, resolved.lockTimeoutMs);
        const ledger = ledgerFor(target, table);
        if (!(await ledger.exists())) continue;
        const lock = await holdLock(
          scriptConnector(target),
          resolved.lockTimeoutMs,
          holding,
        );
        const guard = lockGuard(lock, target.name, report);
        for (const row of await ledger.read()) {
          const script = scripts.find(
            s => s.version === row.version && s.dataSource === target.name,
          );
          applied.push({target, ledger, guard, row, script});
        }
      }
      const chosen = checked(
        choose(applied, resolved),
        resolved,
        report.warnings,
      );
      await refuseLoopback4MigrationApplied(
        app,
        chosen,
        scriptTargets(targets),
      );
      for (const [index, item] of chosen.entries()) {
        const {script, guard} = item;
        await ensureLockBeforeScript(guard, script, 'down');
        await refuseBeforeRunning(item, index, report, resolved.acceptDataLoss);
        const started = performance.now();
        try {
          const durationMs = await executeScript({
            app,
            target: item.target,
            ledger: ledgerUnderLock(item.ledger, item.target, guard),
            script,
            direction: 'down',
            wait: poolWait(script.dataSource, resolved.lockTimeoutMs),
            timeoutMs: undefined,
            beforeStatement: resolved.acceptDataLoss
              ? undefined
              : refuseLoss(item.target, script),
          });
          report.scripts.push({...result(script, 'reverted'), durationMs});
          debug('reverted %s on %s', script.version, script.dataSource);
        } catch (err) {
          if (!(err instanceof ScriptRunError)) throw err;
          report.scripts.push({
            ...result(script, 'failed', {reason: err.message}),
            durationMs: Math.round(performance.now() - started),
          });
          if (err.cause instanceof DataLossError) {
            throw revertLossError(err.cause, keptAfter(err), index, report);
          }
          throw (
            lockLostInScript(err, guard, script, 'down') ??
            scriptFailure(
              script,
              item.target.connectorName,
              'down',
              item.ledger,
              err,
              index,
              report,
            )
          );
        }
      }
      return report;
    },
  );
}

/**
 * The applied scripts to revert, highest version first. A `to` keeps its
 * whole generated file applied: the script of that version with its later
 * parts (`<to>+02`, `<to>+online`), or, for a file of several datasources,
 * its classes (`<to>-<datasource>`, with their parts), as a baseline to it
 * records them.
 */
function choose(
  applied: readonly Applied[],
  options: ResolvedRevert,
): Applied[] {
  const ordered = [...applied].sort((a, b) =>
    compareVersions(b.row.version, a.row.version),
  );
  if (options.to === undefined) return ordered.slice(0, options.steps);
  const {to} = options;
  const kept = (a: Applied): boolean =>
    partOfFile({version: a.row.version, dataSource: a.target.name}, to);
  if (!ordered.some(kept)) {
    const versions = ordered.map(a => a.row.version).reverse();
    throw new InvalidMigrationOptionsError(
      `Cannot revert to version "${to}": it is not applied. ` +
        (versions.length > 0
          ? `Applied versions: ${versions.join(', ')}.`
          : 'No migration script is applied.') +
        ' Name the version that should stay applied.',
    );
  }
  return ordered.filter(
    a => compareVersions(a.row.version, to) > 0 && !kept(a),
  );
}

/** An applied script that has a registered script with a `down()`. */
interface Reversible extends Applied {
  readonly script: LoadedScript;
}

/**
 * The chosen scripts, once every one is known reversible and unchanged
 * (or its change accepted, which `warnings` then names): refuses, before
 * anything is reverted, the others.
 */
function checked(
  chosen: readonly Applied[],
  options: ResolvedRevert,
  warnings: string[],
): Reversible[] {
  const reversible = chosen.filter(
    (a): a is Reversible => a.script?.reversible === true,
  );
  if (reversible.length < chosen.length) {
    const blocked = chosen.filter(a => !reversible.includes(a as Reversible));
    throw new IrreversibleMigrationError(
      irreversibleMessage(
        blocked.map(a => ({
          version: a.row.version,
          dataSource: a.target.name,
          script: a.script,
          name: a.row.name,
        })),
        chosen.map(a => a.row.version),
      ),
      blocked.map(a => a.row.version),
    );
  }
  const changed = changedScripts(reversible);
  if (changed.length > 0 && !options.acceptChecksumChanges) {
    throw new MigrationChecksumError(
      checksumMessage(changed, 'revert'),
      changed,
    );
  }
  refuseInitialRevert(reversible, options);
  warnings.push(...changed.map(acceptedRevertChecksumWarning));
  return reversible;
}

/** The scripts whose code changed since they were applied. */
function changedScripts(
  reversible: readonly Reversible[],
): ChangedMigrationScript[] {
  return reversible
    .filter(a => a.script.checksum !== a.row.checksum)
    .map(a => ({
      version: a.row.version,
      dataSource: a.target.name,
      name: a.script.name,
      appliedChecksum: a.row.checksum,
      checksum: a.script.checksum,
    }));
}

/**
 * An initial script (`initial = true`, written by `--generate NAME
 * --initial`) is the whole schema of its models: its `down()` drops every
 * table with its rows, the tables it was only recorded for (baselined)
 * too. Refused without `acceptDataLoss`, before anything is reverted.
 */
function refuseInitialRevert(
  chosen: readonly Reversible[],
  options: ResolvedRevert,
): void {
  const initial = chosen.filter(a => a.script.instance.initial === true);
  if (initial.length === 0 || options.acceptDataLoss) return;
  const labels = initial.map(a => scriptLabel(a.script)).join(', ');
  throw new DataLossError(
    `Revert refused: migration script${initial.length > 1 ? 's' : ''} ${labels} ` +
      `${initial.length > 1 ? 'are initial scripts' : 'is an initial script'} ` +
      '(initial = true: the whole schema of its models), whose down() drops every ' +
      'table of those models with the rows they hold, also where it was only ' +
      'recorded as applied (baselined) on tables that were there before it. ' +
      'Nothing was reverted. To revert it anyway and lose that data: ' +
      'acceptDataLoss: true (CLI --accept-data-loss). To revert only the ' +
      `scripts above it: --revert-to ${initial[initial.length - 1].row.version} (it stays applied).`,
    [],
  );
}

/**
 * Refuse, before anything is reverted, to revert a script that
 * loopback4-migration records as applied: the next migration would count it
 * as applied again and record it without running it.
 *
 * @throws IrreversibleMigrationError naming the scripts and the table
 */
async function refuseLoopback4MigrationApplied(
  app: Context,
  chosen: readonly Reversible[],
  targets: readonly ScriptTarget[],
): Promise<void> {
  if (chosen.length === 0) return;
  const theirs = await loopback4MigrationApplied(app, targets);
  const blocked: string[] = [];
  const versions: string[] = [];
  for (const {script, target} of chosen) {
    if (!theirs?.applied.has(script.version)) continue;
    versions.push(script.version);
    blocked.push(
      `  ${scriptLabel(script)} on datasource "${target.name}": ` +
        `loopback4-migration's table ${theirs.table} records it as applied`,
    );
  }
  if (blocked.length === 0) return;
  throw new IrreversibleMigrationError(
    `${cannotRevert(
      versions,
      chosen.map(c => c.script.version),
    )}\n` +
      `${blocked.join('\n')}\n` +
      'The next migration would count it as applied again (without running it). ' +
      'Revert it with loopback4-migration, or delete its rows from that table ' +
      '(or the table, once no app uses loopback4-migration), then revert again.',
    versions,
  );
}

/**
 * Refuse, before any of its statements runs, a `down()` of fixed
 * statements that the database would refuse with the data stored now (see
 * {@link rehearsedRefusal}), or, without `acceptDataLoss`, that would
 * destroy data (see {@link rehearsedLoss}).
 *
 * @throws MigrationWillFailError naming the statement the database would refuse
 * @throws DataLossError naming the statement and what it would destroy
 * @throws MigrationScriptError when the database cannot be read
 */
async function refuseBeforeRunning(
  item: Reversible,
  index: number,
  report: SchemaMigrationReport,
  acceptDataLoss: boolean,
): Promise<void> {
  const {script, target} = item;
  let verdicts: RehearsedVerdict[];
  try {
    verdicts = await rehearsedVerdicts(target, script);
  } catch (err) {
    const failed = new ScriptRunError('script', false, err);
    report.scripts.push(result(script, 'failed', {reason: failed.message}));
    throw scriptFailure(
      script,
      target.connectorName,
      'down',
      item.ledger,
      failed,
      index,
      report,
    );
  }
  const refusal = rehearsedRefusal(verdicts, script, index, report);
  if (refusal) {
    report.scripts.push(result(script, 'failed', {reason: refusal.message}));
    throw refusal;
  }
  const lost = acceptDataLoss ? undefined : rehearsedLoss(verdicts, script);
  if (!lost) return;
  report.scripts.push(result(script, 'failed', {reason: lost.message}));
  throw revertLossError(lost, REFUSED_BEFORE, index, report);
}
