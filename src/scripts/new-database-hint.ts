import {dialectFor} from '../dialects';
import type {ScriptTarget} from './data-source';
import type {ScriptRunError} from './execute';
import type {LoadedScript} from './load';
import {holdsModelTables} from './model-tables';

/**
 * What to do about a `before-schema` script that failed on a database that
 * holds none of its datasource's models' tables (a new database: a fresh
 * environment, a CI database) because an object it names does not exist:
 * the schema sync makes the tables after such a script, so one written for
 * a database that has them (a column rename, as a data-loss refusal
 * suggests, or a back-fill) finds nothing to change. `''` otherwise.
 */
export async function newDatabaseHint(
  script: LoadedScript,
  target: ScriptTarget,
  err: ScriptRunError,
): Promise<string> {
  if (script.runs !== 'before-schema') return '';
  if (!namesMissingObject(target, err)) return '';
  if ((await holdsModelTables(target)) !== false) return '';
  return (
    ` It ran before the schema sync (runs = 'before-schema') on a database that holds ` +
    `none of the tables of datasource "${target.name}"'s models yet (a new database): ` +
    'the schema sync makes them after it, as the models declare them now. A script ' +
    'written to change those tables where they exist (a rename of a column, a back-fill) ' +
    'has to do nothing where they do not: look for the table or column first ' +
    '(information_schema.columns) and change it only where it is there. The databases ' +
    'it ran on before then refuse its changed code until one run with ' +
    '--accept-checksum-changes.'
  );
}

/**
 * Whether the database refused the script's statement for an object that
 * does not exist: its error is the script's failure, or the cause of the
 * error the script threw in its place.
 */
function namesMissingObject(target: ScriptTarget, err: ScriptRunError) {
  const dialect = dialectFor(target.connectorName);
  const thrown = err.cause as {cause?: unknown} | undefined;
  return (
    dialect !== undefined &&
    [thrown, thrown?.cause].some(cause => dialect.isMissingObject(cause))
  );
}
