import type {Context} from '@loopback/core';
import type {MigrationScriptError} from '../errors';
import {initialScriptsOf} from '../scripts/initial';

/**
 * What to do when the script that failed on a shadow database was the
 * first of its datasource to run there and the app has no initial script
 * for it: nothing had made the tables it uses. An app whose tables the
 * schema sync made has no script that makes them until it adopts an
 * initial one, which runs before the other scripts on a new database (the
 * shadow one included). `''` otherwise.
 */
export async function firstScriptHint(
  app: Context,
  err: MigrationScriptError,
): Promise<string> {
  const ranBefore = err.report.scripts.some(
    s =>
      s.dataSource === err.dataSource &&
      s.version !== err.version &&
      s.status === 'applied',
  );
  if (ranBefore) return '';
  if ((await initialScriptsOf(app, err.dataSource)).length > 0) return '';
  return (
    ` It was the first script of datasource "${err.dataSource}" to run there: no script ` +
    'made the tables before it. If the schema sync (migrateSchema()) made them in your ' +
    'databases, generate a script of them first, `migrate --generate initial --initial` ' +
    '(on a new database it runs before the other scripts; where the tables exist it is ' +
    'recorded as applied without running), build, and run this again.'
  );
}
