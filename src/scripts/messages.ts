/** The texts of the errors about migration scripts: what is wrong and what to do. */
import {shownStatement} from '../dialects/shown-statement';
import {MigrationScriptError, type ChangedMigrationScript} from '../errors';
import {plural} from '../planner/data-loss';
import {oneLine} from '../planner/sql-text';
import type {SchemaMigrationReport} from '../types';
import type {ScriptRunError} from './execute';
import type {LoadedScript} from './load';
import type {Ledger} from './ledger-types';

/** `1.2.0 "Split names" (SplitNames)`. */
export function scriptLabel(
  script: Pick<LoadedScript, 'version' | 'description' | 'name'>,
): string {
  return (
    script.version +
    (script.description ? ` "${script.description}"` : '') +
    ` (${script.name})`
  );
}

/** The message of a `MigrationScriptError`. */
function scriptFailureMessage(
  script: LoadedScript,
  connectorName: string,
  direction: 'up' | 'down',
  ledger: Ledger,
  err: ScriptRunError,
  done: number,
): string {
  const verb =
    direction === 'up' ? 'Migration script' : 'Reverting migration script';
  const where = `${verb} ${scriptLabel(script)} on datasource "${script.dataSource}" (${connectorName})`;
  const what = {
    begin: 'could not begin its transaction',
    script: `failed in ${direction}()`,
    ledger:
      direction === 'up'
        ? `ran, but recording it in the ledger ${ledger.table} failed`
        : `ran, but removing it from the ledger ${ledger.table} failed`,
    commit: 'ran, but committing its transaction failed',
  }[err.phase];
  const recordedElsewhere =
    direction === 'up' && err.phase === 'ledger' && isDuplicateKey(err.cause);
  if (recordedElsewhere) {
    return recordedElsewhereMessage(where, ledger, err, done);
  }
  const lines = [`${where} ${what}: ${err.message}`];
  if (err.failedStatement !== undefined) {
    lines.push(
      `The statement the database refused (ctx.execute()): ${oneLine(shownStatement(connectorName, err.failedStatement))}`,
    );
  }
  if (err.rolledBack) {
    lines.push(
      direction === 'up'
        ? 'Its transaction was rolled back: neither its changes nor its ledger row were kept.'
        : 'Its transaction was rolled back: it is still applied.',
    );
  } else if (err.phase === 'begin') {
    lines.push('Nothing of it ran.');
  } else if (direction === 'up' && err.phase === 'ledger') {
    lines.push(
      'Its changes stay (this database commits each statement), but it is not recorded, ' +
        'so the next migration runs it again: make it safe to run again, or record it by hand.',
    );
  } else if (direction === 'up') {
    lines.push(
      `It is not recorded in the ledger ${ledger.table}, so the next migration runs it again. ` +
        'This database commits each statement (and DDL ends any transaction), so what ' +
        'it changed before the failure stays: make it safe to run again, or undo that by hand.' +
        keptStatements(err, direction) +
        invalidIndexNote(err),
    );
  } else {
    lines.push(
      `It is still recorded as applied in the ledger ${ledger.table}. What its down() ` +
        'changed before the failure stays: make down() safe to run again, or undo that by hand.' +
        keptStatements(err, direction) +
        invalidIndexNote(err),
    );
  }
  lines.push(
    `${done} earlier script(s) of this run ${direction === 'up' ? 'stay applied' : 'stay reverted'}; ` +
      'later ones were not run. Fix the script and run again.',
  );
  return lines.join('\n');
}

/**
 * The statements a script not run in a transaction sent with
 * `ctx.execute()` before it failed, which stay: ` Its up() ran, with
 * ctx.execute(), and keeps: 1. ...; 2. ....`, or that it sent none.
 */
function keptStatements(err: ScriptRunError, direction: 'up' | 'down'): string {
  if (err.ran.length === 0) {
    return (
      ' It sent no statement with ctx.execute() before the failure: only what ' +
      'it changed otherwise (through a repository, its own connection) stays, if anything.'
    );
  }
  const list = err.ran.map((sql, i) => `${i + 1}. ${oneLine(sql)}`).join('; ');
  return (
    ` Before the failure its ${direction}() ran ${plural(err.ran.length, 'statement')} ` +
    `with ctx.execute(), which stay: ${list}.`
  );
}

/**
 * PostgreSQL: the INVALID index a failed `CREATE INDEX CONCURRENTLY` left,
 * on which the script's next run fails: ` Its CREATE INDEX CONCURRENTLY
 * left the INVALID index ...: drop it first: DROP INDEX CONCURRENTLY ...`.
 */
function invalidIndexNote(err: ScriptRunError): string {
  if (err.invalidIndexes.length === 0) return '';
  const names = err.invalidIndexes.join(', ');
  const drops = err.invalidIndexes
    .map(name => `DROP INDEX CONCURRENTLY ${name};`)
    .join(' ');
  return (
    ` Its CREATE INDEX CONCURRENTLY failed and PostgreSQL left the INVALID index ${names}, ` +
    `on which running it again fails ("already exists"): once the cause is fixed, drop it first: ${drops}`
  );
}

/**
 * Another process recorded the script while this one ran it: the ledger
 * row is there (it is recorded), only this run's row was refused.
 */
function recordedElsewhereMessage(
  where: string,
  ledger: Ledger,
  err: ScriptRunError,
  done: number,
): string {
  return [
    `${where} ran, but another process recorded it in the ledger ${ledger.table} ` +
      `while this one ran it: ${err.message}`,
    err.rolledBack
      ? "It is recorded as applied; this run's transaction was rolled back, so it was applied once, by the other process."
      : 'It is recorded as applied, so no later run runs it again; but it ran twice (this database commits ' +
        'each statement, so the changes of both runs stay): check that running it twice did no harm.',
    'Two processes run the same script only when the migration lock of the first was lost while the ' +
      'script ran (its database session ended) and the second took the lock.',
    `${done} earlier script(s) of this run stay applied; later ones were not run. Run again to run them.`,
  ].join('\n');
}

/** PostgreSQL's unique_violation, MySQL's ER_DUP_ENTRY. */
function isDuplicateKey(err: unknown): boolean {
  const {code, errno} = (err ?? {}) as {code?: unknown; errno?: unknown};
  return code === '23505' || errno === 1062;
}

/**
 * The audit trail of `acceptChecksumChanges`: the script whose changed code
 * was accepted, with the checksum the ledger held and the one it records.
 */
export function acceptedChecksumWarning(
  changed: ChangedMigrationScript,
  dryRun: boolean,
): string {
  return (
    acceptedChecksums(changed) +
    (dryRun ? ' (dry run: not recorded)' : ', which is recorded') +
    '; it does not run again'
  );
}

/**
 * The audit trail of `acceptChecksumChanges` in a revert: the script whose
 * changed `down()` runs, with the checksum the ledger held and the code's.
 */
export function acceptedRevertChecksumWarning(
  changed: ChangedMigrationScript,
): string {
  return `${acceptedChecksums(changed)}; its changed down() is what reverts it`;
}

function acceptedChecksums(changed: ChangedMigrationScript): string {
  return (
    `the changed code of applied migration script ${changed.version} (${changed.name}) ` +
    `on datasource "${changed.dataSource}" was accepted: checksum ${changed.appliedChecksum} ` +
    `in the ledger, ${changed.checksum} now`
  );
}

/** The message of a `MigrationChecksumError`, for a migration or a revert. */
export function checksumMessage(
  changed: readonly ChangedMigrationScript[],
  during: 'migrate' | 'revert' = 'migrate',
): string {
  const list = changed
    .map(
      c =>
        `  ${c.version} (${c.name}) on datasource "${c.dataSource}": applied with checksum ` +
        `${c.appliedChecksum.slice(0, 12)}…, the code now has ${c.checksum.slice(0, 12)}…`,
    )
    .join('\n');
  const head = `The code of ${changed.length} applied migration script(s) changed since it was applied:\n${list}\n`;
  if (during === 'revert') {
    return (
      head +
      'Nothing was reverted: the down() that would run is not the code that was applied. ' +
      'Restore the applied code, or, to revert with the current code: ' +
      'revertMigrations({acceptChecksumChanges: true, ...}) or migrate --revert --accept-checksum-changes.'
    );
  }
  return (
    head +
    'No script was run. An applied script never runs again, so the change has no effect on ' +
    'this database: put new data changes in a new script with a new version, and restore ' +
    'the applied code. If the change is deliberate and harmless (reformatting, a compiler ' +
    'upgrade), accept it: migrateSchema({acceptChecksumChanges: true}) or ' +
    'migrate --accept-checksum-changes; the ledger then records the new checksum.'
  );
}

/**
 * The first line of a refused revert: the scripts it cannot revert, and
 * the others it would have reverted when there are any.
 */
export function cannotRevert(
  versions: readonly string[],
  planned: readonly string[],
): string {
  const others = planned.filter(v => !versions.includes(v));
  return (
    `Cannot revert ${versions.join(', ')}` +
    (others.length > 0 ? ` (of ${planned.join(', ')} to revert)` : '') +
    ': nothing was reverted.'
  );
}

/** Why a revert cannot start: scripts without `down()` or no longer in the code. */
export function irreversibleMessage(
  blocked: readonly {
    version: string;
    dataSource: string;
    script?: LoadedScript;
    name: string;
  }[],
  planned: readonly string[],
): string {
  const list = blocked
    .map(b =>
      b.script?.irreversible !== undefined
        ? `  ${scriptLabel(b.script)} on datasource "${b.dataSource}" cannot be reverted: ` +
          b.script.irreversible
        : b.script
          ? `  ${scriptLabel(b.script)} on datasource "${b.dataSource}" has no down() method`
          : `  ${b.version} (${b.name}) is in the ledger of datasource "${b.dataSource}", ` +
            'but no registered script has this version any more',
    )
    .join('\n');
  const irreversible = blocked.every(b => b.script?.irreversible !== undefined);
  return (
    `${cannotRevert(
      blocked.map(b => b.version),
      planned,
    )}\n${list}\n` +
    (irreversible
      ? 'Revert fewer scripts: a revert stops before a script it cannot undo.'
      : 'Add a down() method to the script (or restore the missing script), or revert ' +
        'fewer scripts: a revert stops before a script it cannot undo.')
  );
}

/** The error of a failed script run (`up()` or `down()`), with its message. */
export function scriptFailure(
  script: LoadedScript,
  connectorName: string,
  direction: 'up' | 'down',
  ledger: Ledger,
  err: ScriptRunError,
  done: number,
  report: SchemaMigrationReport,
  /** More on why it may have failed, ending the message (see `afterInitialHint()`). */
  hint = '',
): MigrationScriptError {
  return new MigrationScriptError(
    scriptFailureMessage(script, connectorName, direction, ledger, err, done) +
      hint,
    {
      version: script.version,
      dataSource: script.dataSource,
      direction,
      rolledBack: err.rolledBack,
      report,
      cause: err.cause,
    },
  );
}
