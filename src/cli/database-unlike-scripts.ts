import {SchemaDriftError} from '../errors';
import {schemaDifferences, statementInWords} from '../scripts/drift';
import type {SchemaMigrationReport} from '../types';
import {foreignKeyDifferences} from './foreign-key-differences';

/** Plans the models on shadow databases made by the app's scripts but `pending`. */
export type PlanOnAppliedScripts = (
  pending: ReadonlySet<string>,
) => Promise<SchemaMigrationReport>;

/**
 * For `--check --schema-source scripts`, once the pending scripts were found
 * to make what the models need: whether each datasource with pending
 * scripts holds what its applied scripts make, which is what the pending
 * ones start from. The models are planned on a shadow database made by the
 * applied scripts only, and the differences that plan names (of columns,
 * tables, indexes and foreign keys) are compared, in words, with those of
 * the dry run's plan on the database itself: one named by a single side is
 * a change made without a script (the schema sync run on this database, or
 * by hand), on which a pending script fails
 * ("already exists", a drop of what is gone) or after which the database
 * is unlike the models.
 *
 * @throws SchemaDriftError naming each such difference
 */
export async function refuseDatabaseUnlikeItsScripts(
  report: SchemaMigrationReport,
  planOnApplied: PlanOnAppliedScripts,
): Promise<void> {
  const pending = report.scripts.filter(s => s.status === 'pending');
  const applied = await planOnApplied(new Set(pending.map(s => s.version)));
  const lines: string[] = [];
  for (const dataSource of new Set(pending.map(s => s.dataSource))) {
    const here = differencesOf(report, dataSource);
    const after = differencesOf(applied, dataSource);
    const label = (difference: string) =>
      `  - datasource "${dataSource}"${difference}`;
    lines.push(
      ...[...after]
        .filter(d => !here.has(d))
        .map(d => label(`${d} after its applied scripts, but not here`)),
      ...[...here]
        .filter(d => !after.has(d))
        .map(d => label(`${d} here, but not after its applied scripts`)),
    );
  }
  if (lines.length === 0) return;
  throw new SchemaDriftError(
    [
      'The database is not what its applied migration scripts make, which the pending ones ' +
        'start from (the models planned on a shadow database made by the applied scripts ' +
        'only, and on this database):',
      ...lines,
      'A change made here without a script (the schema sync of migrateSchema(), or by hand): ' +
        'the pending scripts fail on it ("already exists", a drop of what is gone) or leave ' +
        'the database unlike the models. Fix: where this database has exactly what a pending ' +
        'script makes, record that script here as applied without running it ' +
        '(migrate --baseline <its version>); else undo the change made here.',
    ].join('\n'),
    schemaDifferences(report).map(d => d.statement),
    report,
  );
}

/**
 * The differences a plan names, in words, that do not depend on the rows:
 * its columns, tables and indexes (its foreign keys are compared by name,
 * {@link foreignKeyDifferences}). The form of a change (an online `SET NOT
 * NULL` goes through a check constraint; a change the rows refuse keeps its
 * plain form) may differ between an empty shadow database and one holding
 * rows.
 */
const COMPARED =
  /^(?:column "|the table is missing|the database has a table|an index of the models is missing|the database has an index)/;

/**
 * `, model Todo: column "note" is missing`, for each difference a
 * datasource's plan names.
 */
function differencesOf(
  report: SchemaMigrationReport,
  dataSource: string,
): Set<string> {
  const statements = schemaDifferences(report)
    .filter(d => d.dataSource === dataSource)
    .map(d => d.statement);
  return new Set([
    ...statements.flatMap(statement =>
      statementInWords(statement.sql)
        .split('; ')
        .filter(words => COMPARED.test(words))
        .map(
          words =>
            `${statement.model ? `, model ${statement.model}` : ''}: ${words}`,
        ),
    ),
    ...foreignKeyDifferences(statements),
  ]);
}
