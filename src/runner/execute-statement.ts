import type {DbSession} from '../dialects/dialect';

/**
 * Send one unit of a plan to the database: a statement that commits on its
 * own (an online phase, or any statement where DDL is not transactional),
 * or the batch of a transaction (`BEGIN; ...; COMMIT`). Every statement an
 * apply runs goes through here.
 */
export function executeStatement(
  session: DbSession,
  sql: string,
): Promise<void> {
  return session.query(sql);
}
