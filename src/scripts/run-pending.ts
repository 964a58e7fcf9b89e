import {holdLock, type LockHolding} from '../runner/run-scope';
import {debugLogger} from '../debug';
import {MigrationChecksumError} from '../errors';
import {connectForLedger} from './connect';
import type {ResolvedMigrationOptions} from '../options';
import {lockGuard, type LockGuard} from '../runner/lock-guard';
import {poolWait} from '../runner/pool-wait';
import type {SchemaMigrationReport} from '../types';
import {
  adoptionReason,
  loopback4MigrationAdoptions,
  recordUnrun,
  unrunRow,
} from './adopt';
import {
  disabledReason,
  scriptConnector,
  type ScriptTarget,
} from './data-source';
import {executeScript, ScriptRunError} from './execute';
import {ledgerFor} from './ledger';
import type {LoadedScript} from './load';
import {
  acceptedChecksumWarning,
  checksumMessage,
  scriptFailure,
  scriptLabel,
} from './messages';
import {
  ensureLockBeforeScript,
  ledgerUnderLock,
  lockLostInScript,
} from './script-lock';
import {compareWithLedgers} from './status';
import {
  adoptsExistingSchema,
  afterInitialHint,
  coveredReason,
  coveringInitial,
  INITIAL_BASELINE_REASON,
  INITIAL_DRY_RUN_REASON,
  initialScriptsFirst,
} from './initial';
import {scriptsNeedLock} from './unlocked-read';
import {newDatabaseHint} from './new-database-hint';
import type {MigrationLock} from '../runner/held-lock';
import type {MigrationScriptResult} from './types';
import type {ScriptRun} from './script-run';
import type {Ledger, LedgerRow} from './ledger-types';

const debug = debugLogger('scripts');

/** A datasource whose ledger was read. */
interface Opened {
  readonly target: ScriptTarget;
  readonly ledger: Ledger;
  /** Its migration lock, checked before each script. */
  readonly guard: LockGuard;
}

/**
 * The step of `migrateSchema()` after the schema sync: read each
 * datasource's ledger; where a script has no row there (or changed code is
 * accepted), take its migration lock (shared with the sync's) and read it
 * again under the lock;
 * record as applied the scripts loopback4-migration applied there (see
 * `loopback4MigrationAdoptions()`), refuse changed scripts, then run every
 * pending script in version order (initial scripts first, see
 * `initialScriptsFirst()`) and record it. A dry run lists the pending scripts in the report and runs
 * nothing. Results go to `report.scripts`.
 *
 * @throws MigrationChecksumError before any script runs
 * @throws MigrationScriptError when a script fails; later ones do not run
 */
export async function runPendingScripts(
  run: ScriptRun | undefined,
  report: SchemaMigrationReport,
  options: ResolvedMigrationOptions,
  holding: LockHolding,
): Promise<void> {
  if (!run || run.scripts.length === 0) return;
  const opened = new Map<string, Opened>();
  const rows = new Map<string, LedgerRow[]>();
  const skipped = cannotRunResults(run.scripts);
  for (const target of run.targets) {
    const own = run.scripts.filter(s => s.dataSource === target.name);
    if (own.length === 0) continue;
    const reason = disabledReason(target);
    if (reason) {
      skipped.push(...own.map(s => result(s, 'skipped', {reason})));
      continue;
    }
    await connectForLedger(target, options.lockTimeoutMs);
    const ledger = ledgerFor(target, run.ledgerTable);
    // Read without the lock first: an up-to-date ledger needs none. Where
    // scripts are to run, read again under it (another process may have
    // run them meanwhile).
    let recorded = run.unlockedReads.get(target.name) ?? (await ledger.read());
    let lock: MigrationLock | undefined;
    if (
      !options.dryRun &&
      scriptsNeedLock(own, recorded, options.acceptChecksumChanges)
    ) {
      run.unlockedReads.delete(target.name);
      lock = await holdLock(
        scriptConnector(target),
        options.lockTimeoutMs,
        holding,
      );
      recorded = await ledger.read();
    } else {
      run.unlockedReads.set(target.name, recorded);
    }
    const guard = lockGuard(lock, target.name, report);
    opened.set(target.name, {target, ledger, guard});
    const adoptions = await loopback4MigrationAdoptions(
      run.app,
      target,
      own,
      recorded,
      run.targets,
    );
    rows.set(target.name, [
      ...recorded,
      ...(options.dryRun
        ? adoptions.map(a => unrunRow(a.script, a.appliedAt))
        : await recordUnrun(ledger, adoptions)),
    ]);
    report.scripts.push(
      ...adoptions.map(a =>
        result(a.script, 'baselined', {
          reason: adoptionReason(a, options.dryRun),
        }),
      ),
    );
  }
  const ledgerOf = (name: string): Opened => {
    const found = opened.get(name);
    if (!found) throw new Error(`no ledger was read for datasource "${name}"`);
    return found;
  };
  const compared = compareWithLedgers(run.scripts, rows, run.versions);
  const {changed, missing} = compared;
  const pending = initialScriptsFirst(compared.pending);
  for (const {dataSource, row} of missing) {
    // The report's own warnings: a datasource's result is not made yet
    // when before-schema scripts run. Both phases read the ledger: the
    // second finds the same rows missing.
    const {table} = ledgerOf(dataSource).ledger;
    const warning =
      `migration script ${row.version} (${row.name}) of datasource "${dataSource}" is in ` +
      `the ledger ${table} but no longer in the code: restore its file (an applied script ` +
      'stays in the code; a revert needs its down()), or, if it was removed on purpose and ' +
      `what it did is undone or meant to stay, delete its row (version '${row.version}') from ${table}`;
    if (!report.warnings.includes(warning)) report.warnings.push(warning);
  }
  if (changed.length > 0) {
    if (!options.acceptChecksumChanges) {
      throw new MigrationChecksumError(
        checksumMessage(changed),
        changed,
        report,
      );
    }
    for (const c of changed) {
      if (!options.dryRun) {
        await ledgerOf(c.dataSource).ledger.updateChecksum(
          c.version,
          c.checksum,
        );
      }
      // The report's own warnings: a datasource's result is not made yet
      // when before-schema scripts run, and its warning was lost.
      report.warnings.push(acceptedChecksumWarning(c, options.dryRun));
    }
  }
  const planned = pending.map(({script, after}) =>
    result(script, 'pending', {
      outOfOrder: after !== undefined,
      warnings: after
        ? [
            `runs out of order: ${after} is already applied on datasource ` +
              `"${script.dataSource}" and has a higher version`,
          ]
        : [],
    }),
  );
  if (options.dryRun) {
    for (const [index, {script}] of pending.entries()) {
      const {target} = ledgerOf(script.dataSource);
      const covering = await coveringInitial(run.app, report, script);
      const reason = (await adoptsExistingSchema(script, target))
        ? INITIAL_DRY_RUN_REASON
        : covering && coveredReason(covering, true);
      report.scripts.push(
        reason
          ? {...planned[index], status: 'baselined', reason}
          : planned[index],
      );
    }
    report.scripts.push(...skipped);
    return;
  }
  for (const name of new Set(pending.map(p => p.script.dataSource))) {
    await ledgerOf(name).ledger.create();
  }
  for (const [index, {script}] of pending.entries()) {
    const {target, ledger, guard} = ledgerOf(script.dataSource);
    const covering = await coveringInitial(run.app, report, script);
    const unrun = (await adoptsExistingSchema(script, target))
      ? INITIAL_BASELINE_REASON
      : covering && coveredReason(covering, false);
    if (unrun) {
      await recordUnrun(ledgerUnderLock(ledger, target, guard), [{script}]);
      report.scripts.push({
        ...planned[index],
        status: 'baselined',
        reason: unrun,
      });
      continue;
    }
    try {
      await ensureLockBeforeScript(guard, script, 'up');
    } catch (err) {
      const reason = 'not run: the migration lock was lost before it';
      for (const later of planned.slice(index)) {
        report.scripts.push({...later, status: 'skipped', reason});
      }
      report.scripts.push(...skipped);
      throw err;
    }
    const started = performance.now();
    try {
      const durationMs = await executeScript({
        app: run.app,
        target,
        ledger: ledgerUnderLock(ledger, target, guard),
        script,
        direction: 'up',
        wait: poolWait(script.dataSource, options.lockTimeoutMs),
        timeoutMs: options.scriptTimeoutMs,
      });
      report.scripts.push({...planned[index], status: 'applied', durationMs});
      debug('applied %s on %s', script.version, script.dataSource);
    } catch (err) {
      if (!(err instanceof ScriptRunError)) throw err;
      report.scripts.push({
        ...planned[index],
        status: 'failed',
        reason: err.message,
        durationMs: Math.round(performance.now() - started),
      });
      for (const later of planned.slice(index + 1)) {
        report.scripts.push({
          ...later,
          status: 'skipped',
          reason: `not run: migration script ${script.version} failed before it`,
        });
      }
      report.scripts.push(...skipped);
      throw (
        lockLostInScript(err, guard, script, 'up') ??
        scriptFailure(
          script,
          target.connectorName,
          'up',
          ledger,
          err,
          report.scripts.filter(s => s.status === 'applied').length,
          report,
          (await afterInitialHint(run.app, report, script)) ||
            (await newDatabaseHint(script, target, err)),
        )
      );
    }
  }
  report.scripts.push(...skipped);
  await ensureLockAfterScripts(pending.at(-1)?.script, ledgerOf);
}

/**
 * Where a script's ledger row is not written under the lock's assertion
 * (MySQL), the check before each script is all: a loss while the last one
 * of the run ran is looked for once more after it (one round trip), a
 * `before-schema` one too: the schema sync after it checks only before a
 * statement, and may have none.
 */
async function ensureLockAfterScripts(
  last: LoadedScript | undefined,
  ledgerOf: (name: string) => {ledger: Ledger; guard: LockGuard},
): Promise<void> {
  if (!last) return;
  const {ledger, guard} = ledgerOf(last.dataSource);
  if (guard.assertion && ledger.transactional) return;
  await guard.ensureHeldAfter(
    `running migration script ${scriptLabel(last)}`,
    'It ran and is recorded in the ledger; another process may have run it too.',
  );
}

/**
 * The entries of the scripts whose datasource cannot run them (not
 * PostgreSQL or MySQL): `skipped`, saying why.
 */
export function cannotRunResults(
  scripts: readonly LoadedScript[],
): MigrationScriptResult[] {
  return scripts.flatMap(s =>
    s.cannotRun ? [result(s, 'skipped', {reason: s.cannotRun})] : [],
  );
}

/** A script's entry in a report. */
export function result(
  script: LoadedScript,
  status: MigrationScriptResult['status'],
  extra: Partial<
    Pick<MigrationScriptResult, 'reason' | 'outOfOrder' | 'warnings'>
  > = {},
): MigrationScriptResult {
  return {
    version: script.version,
    description: script.description,
    dataSource: script.dataSource,
    name: script.name,
    status,
    outOfOrder: extra.outOfOrder ?? false,
    warnings: extra.warnings ?? [],
    durationMs: 0,
    ...(extra.reason ? {reason: extra.reason} : {}),
  };
}
