import {databaseErrorFields} from './database-error';

/**
 * PostgreSQL's SQLSTATEs (a relation, a column, a constraint or type) and
 * MySQL's codes (a table, a column, an index) for an object that exists.
 */
const ALREADY_EXISTS = new Set([
  '42P07',
  '42701',
  '42710',
  'ER_TABLE_EXISTS_ERROR',
  'ER_DUP_FIELDNAME',
  'ER_DUP_KEYNAME',
]);

/**
 * What to do about a planned statement the database refused because what
 * it makes exists (`\n` and a sentence), or `''` when `err` is not that:
 * the plan is made from the schema as the run read it, so something made
 * it since, or the plan missed it.
 */
export function alreadyExistsHint(err: unknown): string {
  const code = databaseErrorFields(err)?.code;
  if (code === undefined || !ALREADY_EXISTS.has(code)) return '';
  return (
    '\nThe database has what this statement makes. The plan was made from the schema as ' +
    'this run read it: something made it since, most likely a process that does not take ' +
    "the migration lock (an instance still on LoopBack's own migrateSchema() during a " +
    'rolling deploy, another migration tool, a change by hand). Run the migration again: it ' +
    'plans from the database as it is. If it plans the same statement again, the plan ' +
    'misses the existing object: report it as a bug of loopback-schema-migration, with the output of --dry-run.'
  );
}
