import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  IDENTIFIER,
  unquote,
  type StatementClauses,
} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {foldPg} from './fold';

const CREATE_SCHEMA = new RegExp(
  `^CREATE\\s+SCHEMA\\s+IF\\s+NOT\\s+EXISTS\\s+(${IDENTIFIER})\\s*$`,
  'i',
);

const SCHEMAS_READ = 'postgresql:schemas';

/**
 * Take out `CREATE SCHEMA IF NOT EXISTS s` where schema `s` exists. The
 * connector sends it before each table it creates; PostgreSQL checks
 * CREATE on the database before it finds the schema, so a user with CREATE
 * on the schema alone (PostgreSQL 15's schema public) is refused with
 * "permission denied for database". A schema that does not exist yet keeps
 * its statement. The schemas are read once per plan.
 */
export async function dropCreatesOfExistingSchemas(
  connector: JugglerConnector,
  clauses: StatementClauses,
  cache?: PlanCache,
): Promise<void> {
  for (const clause of clauses.remaining()) {
    const match = CREATE_SCHEMA.exec(clause.text.trim());
    if (!match) continue;
    const schemas = await existingSchemas(connector, cache);
    if (schemas.has(unquote(match[1], foldPg))) clauses.remove(clause);
  }
}

function existingSchemas(
  connector: JugglerConnector,
  cache?: PlanCache,
): Promise<Set<string>> {
  let read = cache?.get(SCHEMAS_READ) as Promise<Set<string>> | undefined;
  if (!read) {
    read = queryConnector<{name: string}>(
      connector,
      'SELECT nspname AS "name" FROM pg_catalog.pg_namespace',
    ).then(rows => new Set(rows.map(row => row.name)));
    cache?.set(SCHEMAS_READ, read);
  }
  return read;
}
