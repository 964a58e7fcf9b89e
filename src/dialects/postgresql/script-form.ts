import {IDENTIFIER, unquote} from '../../planner/statement-clauses';
import {foldPg} from './fold';

const CREATE_SCHEMA = new RegExp(
  `^CREATE\\s+SCHEMA\\s+IF\\s+NOT\\s+EXISTS\\s+(${IDENTIFIER})\\s*$`,
  'i',
);

/** The start of the script form of `CREATE SCHEMA IF NOT EXISTS` (see below). */
export const SCRIPT_CREATE_SCHEMA =
  /^DO\s+\$lsm\d*\$\s+BEGIN\s+IF\s+NOT\s+EXISTS\s+\(SELECT\s+1\s+FROM\s+pg_catalog\.pg_namespace\s/i;

/**
 * The form a generated migration script runs of a planned statement:
 * `CREATE SCHEMA IF NOT EXISTS s` becomes a `DO` block that creates `s`
 * only where it is missing. PostgreSQL checks CREATE on the database before
 * it finds the schema, so a deploy user with CREATE on the schema alone
 * (made by a DBA) would be refused ("permission denied for database"),
 * where the plan of `migrateSchema()` leaves the statement out. Every other
 * statement is its own form.
 */
export function postgresqlScriptForm(sql: string): string {
  const match = CREATE_SCHEMA.exec(sql.trim());
  if (!match) return sql;
  const name = unquote(match[1], foldPg).replace(/'/g, "''");
  const body =
    `BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = '${name}') ` +
    `THEN CREATE SCHEMA ${match[1]}; END IF; END`;
  // A dollar quote the body does not hold.
  let tag = '$lsm$';
  for (let n = 1; body.includes(tag); n++) tag = `$lsm${n}$`;
  return `DO ${tag} ${body} ${tag}`;
}
