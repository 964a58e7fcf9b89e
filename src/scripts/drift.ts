import {SchemaDriftError} from '../errors';
import type {ResolvedMigrationOptions} from '../options';
import {columnChanges} from '../planner/alter-clauses';
import {alterClauses} from '../planner/will-fail/clauses';
import type {PlannedStatement, SchemaMigrationReport} from '../types';

/**
 * How a drift refusal says to let drift through, in code: the command line
 * says instead where a CLI user sets the option (it has no flag).
 */
export const DRIFT_WARN_IN_CODE =
  "schemaDrift: 'warn' reports it without failing.";

/** One difference between the models and the database, on a datasource. */
export interface SchemaDifference {
  readonly dataSource: string;
  readonly statement: PlannedStatement;
}

/**
 * The end of a `schemaSource: 'scripts'` run: the models were planned
 * against the database after the scripts, so every planned statement is a
 * difference no script covers. `schemaDrift: 'error'` throws them as a
 * {@link SchemaDriftError}; `'warn'` adds one warning to the report. A dry
 * run judges nothing on a datasource with pending scripts (they would
 * change its database first) and says so; the other datasources are judged
 * as the run would judge them.
 *
 * @throws SchemaDriftError listing every difference
 */
export function checkSchemaDrift(
  report: SchemaMigrationReport,
  options: Pick<ResolvedMigrationOptions, 'dryRun' | 'schemaDrift'>,
): void {
  let differences = schemaDifferences(report);
  if (options.dryRun) {
    const pending = pendingScriptsOf(report);
    const unjudged = new Set(
      differences.map(d => d.dataSource).filter(name => pending.has(name)),
    );
    if (unjudged.size > 0) {
      const count = [...unjudged].reduce((n, ds) => n + pending.get(ds)!, 0);
      report.warnings.push(pendingScriptsWarning(count));
    }
    differences = differences.filter(d => !unjudged.has(d.dataSource));
  }
  if (differences.length === 0) return;
  const message = driftMessage(differences);
  if (options.schemaDrift === 'warn') {
    report.warnings.push(message);
    return;
  }
  throw new SchemaDriftError(
    `${message}\nFix: write a migration script for a model change ` +
      '(migrate --generate NAME, then build and migrate), or undo a change ' +
      `made to the database by hand; ${DRIFT_WARN_IN_CODE}`,
    differences.map(d => d.statement),
    report,
  );
}

/** The pending scripts of each datasource that has any. */
function pendingScriptsOf(report: SchemaMigrationReport): Map<string, number> {
  const pending = new Map<string, number>();
  for (const script of report.scripts) {
    if (script.status !== 'pending') continue;
    pending.set(script.dataSource, (pending.get(script.dataSource) ?? 0) + 1);
  }
  return pending;
}

/** Why a dry run with `pending` scripts judges no drift. */
export function pendingScriptsWarning(pending: number): string {
  return (
    `${pending} migration script(s) are pending: the database is compared ` +
    'with the models after they ran (migrate), not in this dry run. ' +
    'migrate --check --schema-source scripts compares the models with ' +
    'what every script makes on a shadow database, changing nothing here.'
  );
}

/** Whether a warning is {@link pendingScriptsWarning}'s. */
export function isPendingScriptsWarning(warning: string): boolean {
  return /^\d+ migration script\(s\) are pending: the database is compared /.test(
    warning,
  );
}

/**
 * A statement of no model that only makes sure a shared object exists
 * (PostgreSQL's `CREATE SCHEMA IF NOT EXISTS` and `CREATE EXTENSION IF NOT
 * EXISTS`, which the connector sends before each table it creates): the
 * table it comes with is the difference, not it.
 */
const ENSURES_SHARED_OBJECT = /^CREATE\s+(?!TABLE\b)\w+\s+IF\s+NOT\s+EXISTS\b/i;

/** Every statement the report plans, with its datasource, but those that only ensure a shared object exists. */
export function schemaDifferences(
  report: SchemaMigrationReport,
): SchemaDifference[] {
  return report.dataSources.flatMap(ds =>
    ds.statements
      .filter(
        statement =>
          statement.model !== undefined ||
          !ENSURES_SHARED_OBJECT.test(statement.sql.trim()),
      )
      .map(statement => ({dataSource: ds.name, statement})),
  );
}

/** The difference list, one line in words and the SQL per difference. */
export function driftMessage(differences: readonly SchemaDifference[]): string {
  const count = differences.reduce(
    (n, {statement}) => n + statementWords(statement.sql).length,
    0,
  );
  return [
    `The database differs from the models after the migration scripts ` +
      `(schemaSource: 'scripts'): ${count} difference(s) no ` +
      'script covers:',
    ...differences.map(
      ({dataSource, statement}) =>
        `  - datasource "${dataSource}"` +
        (statement.model ? `, model ${statement.model}` : '') +
        `: ${differenceInWords(statement)}\n      ${statement.sql.replace(/\s+/g, ' ')}`,
    ),
  ].join('\n');
}

const WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^CREATE\s+TABLE\b/i, 'the table is missing'],
  [/^DROP\s+TABLE\b/i, 'the database has a table the models do not'],
  [/^CREATE\s+(?:UNIQUE\s+)?INDEX\b/i, 'an index of the models is missing'],
  [/^DROP\s+INDEX\b/i, 'the database has an index the models do not'],
  [/\bADD\s+CONSTRAINT\b/i, 'a constraint of the models is missing'],
  [
    /\bDROP\s+(?:CONSTRAINT|FOREIGN\s+KEY)\b/i,
    'the database has a constraint the models do not',
  ],
  [
    /\bADD\s+(?:UNIQUE\s+)?(?:INDEX|KEY)\b/i,
    'an index of the models is missing',
  ],
];

const COLUMN_WORDS: Readonly<Record<string, string>> = {
  'add-column': 'is missing',
  'drop-column': 'is in the database but not in the models',
  'change-type': 'has another type in the database',
  'set-not-null': 'is nullable in the database but required in the models',
};

/** The columns a MySQL `CHANGE COLUMN` clause of a statement redefines. */
const CHANGED_COLUMN = /\bCHANGE\s+COLUMN\s+`((?:[^`]|``)+)`/gi;

/**
 * What a MySQL `CHANGE COLUMN` says: the column's whole definition, not
 * what of it differs (the type, NULL or NOT NULL, the default).
 */
const REDEFINED =
  'is defined otherwise in the database (type, NULL or default)';

/**
 * What a planned statement says about the difference, in words: each
 * column an `ALTER TABLE` changes and each index or constraint clause of it
 * (MySQL puts a table's changes in one statement), else the statement's.
 */
export function statementInWords(sql: string): string {
  return statementWords(sql).join('; ');
}

/** The differences a planned statement makes up, each in words. */
function statementWords(sql: string): string[] {
  const redefined = new Set(
    [...sql.matchAll(CHANGED_COLUMN)].map(m => m[1].replace(/``/g, '`')),
  );
  const words = [
    ...columnChanges(sql).map(
      c =>
        `column "${c.column}" ${redefined.has(c.column) ? REDEFINED : COLUMN_WORDS[c.kind]}`,
    ),
    ...alterClauses(sql).flatMap(clause => {
      const found = WORDS.find(([pattern]) => pattern.test(clause.trim()));
      return found ? [found[1]] : [];
    }),
  ];
  if (words.length > 0) return [...new Set(words)];
  const found = WORDS.find(([pattern]) => pattern.test(sql.trim()));
  return [found ? found[1] : UNNAMED_DIFFERENCE];
}

const UNNAMED_DIFFERENCE = 'the database differs from the models';

/**
 * A difference in words: what its statement changes, or, where the SQL
 * alone does not say (MariaDB's statement that finishes what an
 * interrupted run left, `BEGIN NOT ATOMIC ... END`), the plan's reason.
 */
function differenceInWords(statement: PlannedStatement): string {
  const words = statementInWords(statement.sql);
  return words === UNNAMED_DIFFERENCE && statement.reason
    ? statement.reason
    : words;
}
