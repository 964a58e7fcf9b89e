import {errorMessage} from '../database-error';
import {
  DataLossError,
  InvalidModelError,
  MigrationChecksumError,
  MigrationWillFailError,
  SchemaDriftError,
} from '../errors';
import {ACCEPT_DATA_LOSS_IN_CODE} from '../planner/data-loss-message';
import {unchangedBeforeSchema} from '../planner/refusal-scope';
import {DRIFT_WARN_IN_CODE} from '../scripts/drift';
import type {MigrationScriptRunStatus} from '../scripts/types';
import type {SchemaMigrationReport} from '../types';
import type {CliRequest} from './args';
import {
  appErrorPlace,
  scriptErrorPlace,
  causeStacks,
  changesBeforeFailure,
  errorJson,
  goneFileNote,
} from './error-output';
import {EXIT} from './exit-codes';
import {checkRefusalLines} from './check-refusals';
import {DRIFT_WARN_FROM_CLI, driftSummary} from './drift-summary';
import {
  notPlanned,
  paint,
  pendingScripts,
  pendingStatements,
  planLines,
  refusal,
  refusalAfterScripts,
  scriptLines,
  scriptsOnlySummaryLines,
  summaryLines,
} from './format';
import type {ScriptsCoverage} from './check-scripts';

/**
 * Print a finished run's report (its summary, plan or check, or JSON) and
 * return the exit code it stands for. `coverage`: for `--check
 * --schema-source scripts` with scripts pending, whether the models were
 * compared with what they make.
 */
export function printReport(
  report: SchemaMigrationReport,
  request: CliRequest,
  {out, json, colours}: Output,
  coverage?: ScriptsCoverage,
): number {
  const pending = pendingStatements(report);
  const scripts = pendingScripts(report);
  const accept = !!request.options.acceptDataLoss;
  // Under schemaSource 'scripts' the deploy never runs the models' statements.
  const scriptsOnly = request.options.schemaSource === 'scripts';
  const refused = !scriptsOnly && refusal(report, accept);
  // Not final: pending back-fills run before the plan is made again.
  const unsettled = scriptsOnly
    ? undefined
    : refusalAfterScripts(report, accept);
  // A datasource migrated with no plan (a rebuild of the memory connector
  // clears it) is never up to date.
  const unplanned = report.dataSources.filter(notPlanned).length;
  const checked = !request.check
    ? EXIT.ok
    : refused
      ? EXIT.refused
      : pending > 0 || scripts > 0 || unplanned > 0
        ? EXIT.pending
        : EXIT.ok;
  if (request.json) {
    json(report);
    return checked;
  }
  if (request.check && scriptsOnly) {
    out(scriptsOnlyCheck(report, scripts, coverage));
    const judged =
      scripts > 0 ? [refusedByTheRows(report), lostOfTheRows(report)] : [];
    out(
      [
        ...judged.flatMap(w =>
          w ? [`${colours.yellow('warning:')} ${w}`] : [],
        ),
        ...report.warnings.map(w => `${colours.yellow('warning:')} ${w}`),
        ...scriptsOnlySummaryLines(report, colours),
        ...scriptLines(report, colours),
      ].join('\n'),
    );
    return checked;
  }
  const mode = report.operation === 'automigrate' ? 'rebuild' : 'update';
  const lines = [
    ...report.warnings.map(w => `${colours.yellow('warning:')} ${w}`),
    ...summaryLines(report, colours),
    ...scriptLines(report, colours),
  ].join('\n');
  if (request.check) {
    const unplanned = report.dataSources.filter(notPlanned).map(ds => ds.name);
    const what = [
      pending > 0 ? `${pending} statement(s) pending` : '',
      unplanned.length > 0
        ? `not planned: ${unplanned.join(', ')} (migrated as LoopBack does, with no plan)`
        : '',
      scripts > 0 ? `${scripts} migration script(s) pending` : '',
      refused ? `refused: ${refused}` : '',
      unsettled ?? '',
    ].filter(Boolean);
    out(`Schema check (${mode}): ${what.join(', ') || 'up to date'}`);
    out(lines);
    if (refused) out(checkRefusalLines(report, accept, colours).join('\n'));
    return checked;
  }
  if (report.dryRun && scriptsOnly) {
    out(scriptsOnlyDryRun(report, pending));
    out(
      [
        ...report.warnings.map(w => `${colours.yellow('warning:')} ${w}`),
        ...scriptsOnlySummaryLines(report, colours),
        ...scriptLines(report, colours),
      ].join('\n'),
    );
    out(planLines(report, colours, true).join('\n'));
    return EXIT.ok;
  }
  if (report.dryRun) {
    const failing = failingStatements(report).length;
    out(
      `Schema plan (${mode}, dry run: nothing was changed)` +
        (failing > 0 ? `: ${failing} statement(s) will fail` : ''),
    );
    out(lines);
    out(planLines(report, colours).join('\n'));
    return EXIT.ok;
  }
  out(`Schema migration (${scriptsOnly ? 'scripts only' : mode})`);
  out(lines);
  return EXIT.ok;
}

/**
 * Under `--check --schema-source scripts` with scripts pending: the
 * models' statements against the database as it is that its rows would
 * refuse (the drift its dry run marks "would fail"). The deploy runs the
 * scripts, not those statements, but a script of the same change meets
 * the same rows: said, not judged (a script may change the rows first).
 */
function refusedByTheRows(report: SchemaMigrationReport): string | undefined {
  const failing = failingStatements(report);
  if (failing.length === 0) return undefined;
  return (
    `${failing.length} statement(s) the models need against the database as it is would fail on the ` +
    `rows it holds (${failing[0].willFail}): a pending script that makes the same change fails the same ` +
    'way on deploy, unless it changes those rows first. See each statement with: migrate --dry-run ' +
    '--schema-source scripts'
  );
}

/**
 * Under `--check --schema-source scripts` with scripts pending: the models'
 * statements against the database as it is that would destroy stored data
 * (the drift its dry run marks DESTRUCTIVE). A script's own statements are
 * not judged, and a script of the same change destroys the same data on
 * deploy (PostgreSQL's `USING x::VARCHAR(50)` cuts a longer value with no
 * error): said, not judged (a script may change the rows first).
 */
function lostOfTheRows(report: SchemaMigrationReport): string | undefined {
  const lossy = report.dataSources
    .flatMap(ds => ds.statements)
    .filter(s => s.destructive && !s.willFail);
  if (lossy.length === 0) return undefined;
  return (
    `${lossy.length} statement(s) the models need against the database as it is would destroy ` +
    `stored data (${lossy[0].reason ?? 'see its reason'}): a pending script that makes the same change ` +
    "destroys it the same way on deploy (a script's statements are not judged), unless it changes " +
    'those rows first. See each statement with: migrate --dry-run --schema-source scripts'
  );
}

/** The statements of the report judged to fail (`willFail`). */
function failingStatements(report: SchemaMigrationReport) {
  return report.dataSources
    .flatMap(ds => ds.statements)
    .filter(s => s.willFail);
}

/**
 * The first line of `--dry-run --schema-source scripts`: the models'
 * statements are the drift the deploy does not run, not statements that
 * will fail.
 */
function scriptsOnlyDryRun(
  report: SchemaMigrationReport,
  pending: number,
): string {
  const drift =
    pending > 0
      ? `: ${driftSummary(pending, failingStatements(report).length)}`
      : '';
  return `Schema plan (scripts only, dry run: nothing was changed)${drift}`;
}

/**
 * The first line of `--check --schema-source scripts`: what the deploy will
 * do (run the pending scripts, which cover the models or were not compared
 * with them), not the models' statements, which it never runs.
 */
function scriptsOnlyCheck(
  report: SchemaMigrationReport,
  scripts: number,
  coverage: ScriptsCoverage | undefined,
): string {
  const unplanned = report.dataSources.filter(notPlanned).map(ds => ds.name);
  const covers =
    coverage === 'covered'
      ? ', which make the schema the models need (compared on a shadow database)'
      : coverage === 'not compared'
        ? '; the models were not compared with what they make (see the warning)'
        : '';
  const what = [
    unplanned.length > 0 ? `not planned: ${unplanned.join(', ')}` : '',
    scripts > 0 ? `${scripts} migration script(s) pending${covers}` : '',
  ].filter(Boolean);
  return `Schema check (scripts only): ${what.join(', ') || 'up to date'}`;
}

/**
 * Print why a run failed or was refused (or its JSON) and return the exit
 * code. `staleFiles`: the warnings for the stale build files of a failure
 * without a report (a report carries them in its `warnings`).
 */
export function printError(
  error: unknown,
  request: CliRequest,
  {err, json, colours}: Output,
  staleFiles: readonly string[],
): number {
  const code =
    error instanceof DataLossError ||
    error instanceof MigrationWillFailError ||
    error instanceof InvalidModelError ||
    error instanceof MigrationChecksumError ||
    error instanceof SchemaDriftError
      ? EXIT.refused
      : EXIT.failed;
  if (request.json) {
    const payload = {
      error: errorJson(error),
      report: (error as {report?: SchemaMigrationReport}).report,
      ...(staleFiles.length > 0 && {warnings: staleFiles}),
    };
    json(payload);
    return code;
  }
  const message = errorMessage(error);
  if (error instanceof DataLossError && request.action === 'revert') {
    err(message);
  } else if (error instanceof DataLossError) {
    // This is the migrate script: its flag is the way to proceed.
    err(message.replace(` ${ACCEPT_DATA_LOSS_IN_CODE}`, ''));
    err(
      `${unchangedBeforeSchema(error.report)} To apply anyway and lose that data: ` +
        'migrate --accept-data-loss',
    );
  } else if (
    error instanceof MigrationWillFailError &&
    request.action !== 'revert'
  ) {
    err(message);
    err(
      `${error.statements.length} statement(s) will fail. ${unchangedBeforeSchema(error.report)} ` +
        'See each statement with: migrate --dry-run',
    );
  } else if (error instanceof SchemaDriftError) {
    // Its option has no flag: say where a CLI user sets it.
    err(message.replace(DRIFT_WARN_IN_CODE, DRIFT_WARN_FROM_CLI));
  } else if (error instanceof InvalidModelError) {
    // As other refusals begin: what was refused, and when.
    err(
      `${refusedRun(request)} refused before any schema change: a model ` +
        'the database cannot take as declared:',
    );
    err(message);
  } else if (code === EXIT.refused) {
    // A refusal (a changed script, a model the database cannot take) says
    // what is wrong and how to proceed itself: no "failed".
    err(message);
  } else {
    const what = {
      migrate: 'Migration',
      status: 'Status',
      revert: 'Revert',
      baseline: 'Baseline',
      generate: 'Generate',
    };
    err(`${what[request.action]} failed: ${message}`);
  }
  // What the run warned of stands beside its failure (an accepted changed
  // script, a table without a model, a stale build file): `--json` carries
  // them in the report, or beside the error when there is none.
  const warnings = (error as {report?: SchemaMigrationReport}).report?.warnings;
  for (const warning of [...(warnings ?? []), ...staleFiles]) {
    err(`${colours.yellow('warning:')} ${warning}`);
  }
  const changed = changesBeforeFailure(error);
  if (changed) err(changedLines(changed, request.action, colours).join('\n'));
  const place = appErrorPlace(error) ?? scriptErrorPlace(error);
  if (request.verbose) {
    for (const stack of causeStacks(error)) err(stack);
  } else if (place) {
    // Stock's migrate script printed the whole stack: say where, at least
    // (of the app's own code, or of the script that threw).
    err(
      `Thrown at ${place} (--verbose prints the whole stack).${goneFileNote(place)}`,
    );
  }
  return code;
}

/** The run a refusal stopped, as the summary's first line names it. */
function refusedRun({check, options}: CliRequest): string {
  const mode = options.existingSchema === 'drop' ? 'rebuild' : 'update';
  const run = check ? 'check' : options.dryRun ? 'plan' : 'migration';
  return `Schema ${run} (${mode})`;
}

/**
 * What a failed run changed, under a heading saying it stays, then the
 * script that failed and those that did not run, each under its own: none
 * of them is applied (or reverted).
 */
function changedLines(
  changed: SchemaMigrationReport,
  action: CliRequest['action'],
  colours: ReturnType<typeof paint>,
): string[] {
  const scripts = (statuses: readonly MigrationScriptRunStatus[]) =>
    scriptLines(
      {
        ...changed,
        scripts: changed.scripts.filter(s => statuses.includes(s.status)),
      },
      colours,
    );
  const under = (heading: string, lines: string[]) =>
    lines.length > 0 ? [heading, ...lines] : [];
  return [
    action === 'revert'
      ? 'Reverted before the failure (it stays reverted):'
      : 'Applied before the failure (it stays applied):',
    ...summaryLines(changed, colours),
    ...scripts(['applied', 'baselined', 'reverted']),
    ...under('Failed:', scripts(['failed'])),
    ...under('Not run:', scripts(['skipped'])),
  ];
}

/** Where and how the command line prints. */
export interface Output {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Print a value as JSON on stdout, its secrets masked (`--json`). */
  readonly json: (value: unknown) => void;
  readonly colours: ReturnType<typeof paint>;
}
