import {shownCompound, shownStatement} from '../dialects/shown-statement';
import type {
  MigrationScriptResult,
  MigrationScriptStatus,
} from '../scripts/types';
import type {
  DataSourceMigrationResult,
  PlannedStatement,
  SchemaMigrationReport,
} from '../types';
import {plural} from '../planner/data-loss';
import {refusedStatements} from '../refusals';
import {driftSummary} from './drift-summary';
import {blocksTheApp, describeLockImpact} from './lock-impact';
import {dropsSomething, isSurprising, thawsFrozenNow} from './surprising';

/** Colours for a terminal; identity functions elsewhere. */
export interface Paint {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const code = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`;

/** ANSI colours when `enabled`, plain text otherwise. */
export function paint(enabled: boolean): Paint {
  const plain = (text: string) => text;
  return enabled
    ? {
        red: code(31, 39),
        green: code(32, 39),
        yellow: code(33, 39),
        dim: code(2, 22),
        bold: code(1, 22),
      }
    : {red: plain, green: plain, yellow: plain, dim: plain, bold: plain};
}

/** One line per datasource: status, number of statements, time. */
export function summaryLines(
  report: SchemaMigrationReport,
  p: Paint,
): string[] {
  return report.dataSources.map(ds => planSummaryLine(ds, p));
}

function planSummaryLine(ds: DataSourceMigrationResult, p: Paint): string {
  const statements = plural(ds.statements.length, 'statement');
  const status = `${colourStatus(ds, p)}, ${statements}`;
  return summaryLine(ds, status, p) + noteLines(ds, p) + warningLines(ds, p);
}

/**
 * The summary of `--check --schema-source scripts`: the deploy runs only
 * the pending scripts, never the models' statements, so a datasource the
 * models differ from says which of its scripts are pending, not those
 * statements (nor their data loss or locks).
 */
export function scriptsOnlySummaryLines(
  report: SchemaMigrationReport,
  p: Paint,
): string[] {
  return report.dataSources.map(ds => {
    if (ds.statements.length === 0) return planSummaryLine(ds, p);
    const scripts = report.scripts.filter(
      s => s.dataSource === ds.name && s.status === 'pending',
    ).length;
    const status =
      scripts > 0
        ? p.yellow(`${scripts} migration script(s) pending`)
        : p.yellow('differs from the models as it is now') +
          ', judged after the pending scripts';
    return summaryLine(ds, status, p) + warningLines(ds, p);
  });
}

function summaryLine(
  ds: DataSourceMigrationResult,
  status: string,
  p: Paint,
): string {
  const detail = ds.reason ? `: ${ds.reason}` : '';
  return `  ${p.bold(ds.name)} (${ds.connector}): ${status}, ${ds.durationMs} ms${detail}`;
}

function warningLines(ds: DataSourceMigrationResult, p: Paint): string {
  return ds.warnings.map(w => `\n    ${p.yellow('warning:')} ${w}`).join('');
}

function colourStatus(ds: DataSourceMigrationResult, p: Paint): string {
  switch (ds.status) {
    case 'migrated':
      return p.green('migrated');
    case 'up-to-date':
      return p.green('up-to-date');
    case 'failed':
      return p.red('failed');
    case 'skipped':
      return p.yellow('skipped');
    case 'planned':
      if (notPlanned(ds)) return p.yellow('not planned');
      return ds.statements.length > 0
        ? p.yellow('changes pending')
        : p.green('up-to-date');
  }
}

/**
 * A datasource the run will migrate without a plan (a connector it cannot
 * plan, a migration method of its own): its statements cannot be shown,
 * so it is not "up to date" (a rebuild of the memory connector clears it).
 */
export function notPlanned(ds: DataSourceMigrationResult): boolean {
  return ds.status === 'planned' && ds.statements.length === 0;
}

/**
 * A dry run's SQL, per datasource, grouped by model, destructive statements
 * marked; under `scriptsOnly`, as the drift the deploy never runs.
 */
export function planLines(
  report: SchemaMigrationReport,
  p: Paint,
  scriptsOnly = false,
): string[] {
  const lines: string[] = [];
  for (const ds of report.dataSources) {
    const result = describeResult(ds, scriptsOnly);
    lines.push(
      '',
      p.bold(`-- datasource ${ds.name} (${ds.connector}): ${result}`),
    );
    let model: string | undefined | null = null;
    let transaction: number | undefined;
    for (const statement of ds.statements) {
      if (statement.transaction !== transaction) {
        transaction = statement.transaction;
        if (transaction !== undefined) {
          lines.push(p.bold(`-- transaction ${transaction}`));
          model = null;
        }
      }
      if (statement.model !== model) {
        model = statement.model;
        lines.push(p.dim(`-- ${model ? `model ${model}` : 'schema'}`));
      }
      lines.push(...statementLines(statement, ds.connector, p, scriptsOnly));
    }
    for (const warning of ds.warnings)
      lines.push(p.yellow(`-- warning: ${warning}`));
  }
  return lines;
}

function statementLines(
  statement: PlannedStatement,
  connector: string,
  p: Paint,
  scriptsOnly: boolean,
): string[] {
  const compound = shownCompound(connector, statement.sql);
  const sql = `${compound?.statement ?? statement.sql};`;
  const fails = scriptsOnly ? 'WOULD FAIL (not run)' : 'WILL FAIL';
  const marks = [
    impactLine(statement, p),
    statement.willFail ? p.red(`-- ${fails}: ${statement.willFail}`) : '',
    statement.destructive
      ? p.red(
          `-- DESTRUCTIVE: ${statement.reason ?? 'may destroy stored data'}`,
        )
      : '',
    !statement.destructive && isSurprising(statement)
      ? p.yellow(`-- note: ${statement.reason}`)
      : '',
    onlineMark(statement, p),
    compound ? p.dim(`-- ${compound.note} (the whole statement: --json)`) : '',
  ].filter(Boolean);
  const flagged = statement.willFail !== undefined || statement.destructive;
  return [...marks, flagged ? p.red(sql) : sql];
}

/** Where an online statement runs (see README, "Zero-downtime"), and how long it ran. */
function onlineMark(statement: PlannedStatement, p: Paint): string {
  const where = ONLINE_PHASES[statement.phase ?? 'transaction'];
  if (!where) return '';
  const took =
    statement.durationMs === undefined ? '' : `, ${statement.durationMs} ms`;
  return p.dim(`-- online: ${where}${took}`);
}

const ONLINE_PHASES: Readonly<Record<string, string | undefined>> = {
  'own-transaction': 'after the transaction, in one of its own',
  'no-transaction': 'after the transaction, outside any transaction',
};

/** The statement's lock impact as a comment, yellow when it blocks the app. */
function impactLine(statement: PlannedStatement, p: Paint): string {
  const impact = describeLockImpact(statement);
  if (!impact) return '';
  return blocksTheApp(statement)
    ? p.yellow(`-- ${impact}`)
    : p.dim(`-- ${impact}`);
}

/**
 * The destructive and surprising statements of a datasource, and those that
 * block the app's use of a table, one line each.
 */
function noteLines(ds: DataSourceMigrationResult, p: Paint): string {
  const notes = ds.statements
    .filter(
      s =>
        s.destructive ||
        (isSurprising(s) && (dropsSomething(s) || thawsFrozenNow(s))),
    )
    .map(s => {
      const label = s.destructive ? p.red('destructive:') : p.yellow('note:');
      return `\n    ${label} ${s.reason ?? 'may destroy stored data'}: ${shorten(s.sql, ds.connector)}`;
    });
  const blocking = ds.statements
    .filter(blocksTheApp)
    .map(
      s =>
        `\n    ${p.yellow('lock:')} ${describeLockImpact(s)}: ${shorten(s.sql, ds.connector)}`,
    );
  return [...notes, ...blocking].join('');
}

/**
 * A statement on one line, at most 100 characters: a compound form as the
 * statement it runs (MariaDB's marked `ALTER TABLE`), which the plan's SQL
 * shows whole.
 */
function shorten(sql: string, connector: string): string {
  const line = shownStatement(connector, sql).replace(/\s+/g, ' ');
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}

function describeResult(
  ds: DataSourceMigrationResult,
  scriptsOnly: boolean,
): string {
  if (ds.status === 'skipped' || ds.status === 'failed')
    return `${ds.status}: ${ds.reason ?? ''}`;
  if (notPlanned(ds)) return 'not planned: what it runs cannot be shown';
  if (ds.statements.length === 0) return 'up to date';
  const destructive = ds.statements.filter(s => s.destructive).length;
  const willFail = ds.statements.filter(s => s.willFail).length;
  if (scriptsOnly) {
    const summary = driftSummary(ds.statements.length, willFail);
    return summary + (destructive ? `, ${destructive} destructive` : '');
  }
  return (
    `${ds.statements.length} statement(s)` +
    (destructive ? `, ${destructive} destructive` : '') +
    (willFail ? `, ${willFail} will fail` : '')
  );
}

/** The number of statements a report holds, over all datasources. */
export function pendingStatements(report: SchemaMigrationReport): number {
  return report.dataSources.reduce((sum, ds) => sum + ds.statements.length, 0);
}

/** One line per migration script of a run (with its warnings), or none. */
export function scriptLines(report: SchemaMigrationReport, p: Paint): string[] {
  return report.scripts.map(script => {
    const detail = script.reason ? `: ${script.reason.split('\n')[0]}` : '';
    const time =
      script.status === 'applied' || script.status === 'reverted'
        ? `, ${script.durationMs} ms`
        : '';
    const warnings = script.warnings
      .map(w => `\n    ${p.yellow('warning:')} ${w}`)
      .join('');
    return (
      `  script ${p.bold(script.version)}${describe(script)} (${script.dataSource}): ` +
      `${colourScriptStatus(script, p)}${time}${detail}${warnings}`
    );
  });
}

function describe(script: {description?: string; name: string}): string {
  return script.description ? ` "${script.description}"` : ` ${script.name}`;
}

function colourScriptStatus(script: MigrationScriptResult, p: Paint): string {
  switch (script.status) {
    case 'applied':
    case 'reverted':
      return p.green(script.status);
    case 'pending':
      return p.yellow('pending');
    case 'failed':
      return p.red('failed');
    case 'skipped':
      return p.yellow('skipped');
    case 'baselined':
      return p.green('baselined');
  }
}

/**
 * Why a run of this plan would be refused, or `undefined` when it would
 * apply: statements the database would reject with the current data, or
 * (an autoupdate without `acceptDataLoss`) statements that destroy data.
 * Datasources planned before pending `runs = 'before-schema'` scripts are
 * left out: see {@link refusalAfterScripts}.
 */
export function refusal(
  report: SchemaMigrationReport,
  acceptDataLoss: boolean,
): string | undefined {
  const settled = report.dataSources.filter(ds => !ds.beforeSchemaScripts);
  return refusedStatements(
    settled.flatMap(ds => ds.statements),
    {operation: report.operation, acceptDataLoss},
  );
}

/**
 * Why a dry run's plan would be refused as the database is now where
 * pending `runs = 'before-schema'` scripts run first in a real run, which
 * judges the plan again after them; `undefined` when nothing there is.
 */
export function refusalAfterScripts(
  report: SchemaMigrationReport,
  acceptDataLoss: boolean,
): string | undefined {
  const unsettled = report.dataSources.filter(ds => ds.beforeSchemaScripts);
  const refused = refusedStatements(
    unsettled.flatMap(ds => ds.statements),
    {operation: report.operation, acceptDataLoss},
  );
  if (!refused) return undefined;
  const scripts = unsettled.reduce(
    (sum, ds) => sum + (ds.beforeSchemaScripts ?? 0),
    0,
  );
  return (
    `refused as the database is now: ${refused}; judged again after the ` +
    `${scripts} pending before-schema migration script(s)`
  );
}

/** The number of scripts a report lists as pending (a dry run). */
export function pendingScripts(report: SchemaMigrationReport): number {
  return report.scripts.filter(s => s.status === 'pending').length;
}

/** The `--status` table: one line per script, then a count by state. */
export function statusLines(
  statuses: readonly MigrationScriptStatus[],
  p: Paint,
): string[] {
  if (statuses.length === 0) {
    return ['No migration scripts (none registered, none in any ledger).'];
  }
  const width = Math.max(...statuses.map(s => s.version.length));
  const colour = {
    applied: p.green,
    pending: p.yellow,
    changed: p.red,
    missing: p.red,
    skipped: p.dim,
  };
  const lines = statuses.map(s => {
    const when = s.appliedAt ? ` applied ${s.appliedAt.toISOString()}` : '';
    const notes = [
      s.outOfOrder ? 'out of order' : '',
      s.status === 'changed' ? 'code changed since applied' : '',
      s.status === 'missing' ? 'in the ledger, not in the code' : '',
      s.reason ?? '',
      s.reversible || s.status === 'missing' || s.status === 'skipped'
        ? ''
        : 'no down()',
    ].filter(Boolean);
    return (
      `  ${s.version.padEnd(width)}  ${colour[s.status](s.status.padEnd(7))}  ` +
      `${s.dataSource}${describe(s)}${p.dim(when)}` +
      (notes.length > 0 ? p.yellow(` (${notes.join(', ')})`) : '')
    );
  });
  const counts = (
    ['applied', 'pending', 'changed', 'missing', 'skipped'] as const
  )
    .map(
      state =>
        [state, statuses.filter(s => s.status === state).length] as const,
    )
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`);
  return ['Migration scripts', ...lines, counts.join(', ')];
}
