import type {JugglerConnector} from '../../juggler';
import {StatementClauses} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {dropAddsOfExistingColumns} from './existing-columns';
import {addMissedColumns} from './missed-column-adds';
import {dropCreatesOfExistingSchemas} from './existing-schemas';
import {dropSettledIndexes} from './settled-indexes';
import {dropSettledTypeChanges} from './settled-types';
import {dropSettledNullability} from './settled-nullability';
import {dropBlockingDefaults} from './blocking-defaults';
import {settleForeignKeys} from './settled-foreign-keys';
import {dropUnusedUuidExtension} from './unused-extension';

/**
 * The PostgreSQL dialect's `withoutNoOps`. It takes out what the connector
 * emits on every run although the catalog already matches the model:
 *
 * - `CREATE SCHEMA IF NOT EXISTS s` where schema `s` exists, which a user
 *   without CREATE on the database may not send
 *   (dropCreatesOfExistingSchemas);
 * - `CREATE EXTENSION IF NOT EXISTS "uuid-ossp"` where no statement of the
 *   model uses it (dropUnusedUuidExtension);
 * - `ADD COLUMN c` where the table has column `c` (dropAddsOfExistingColumns);
 *   and the other way, it adds the `ADD COLUMN` the connector missed for a
 *   `columnName` that differs from a column of the table only in letter
 *   case, which it drops (addMissedColumns);
 * - `ALTER COLUMN c TYPE t` where the column already has type `t` spelled
 *   otherwise, or is the domain `t` (dropSettledTypeChanges);
 * - `ALTER COLUMN c DROP NOT NULL` where the NOT NULL is the column's
 *   domain's, not its own (dropSettledNullability);
 * - `DROP INDEX` of an index that already is as declared
 *   (dropSettledIndexes);
 * - `DROP CONSTRAINT x` + `ADD CONSTRAINT x FOREIGN KEY`, or the ADD alone,
 *   where the foreign key already is what the ADD makes (the connector
 *   compares property names with column names, and looks keys up by their
 *   settings key); it drops one of that name first where it differs
 *   (settleForeignKeys).
 *
 * It also adds `DROP DEFAULT` to a type change that a string default would
 * make PostgreSQL refuse, and sets the model's default again after it
 * (dropBlockingDefaults).
 */
export async function withoutPgNoOps(
  connector: JugglerConnector,
  model: string,
  statements: readonly string[],
  cache?: PlanCache,
): Promise<string[]> {
  const clauses = new StatementClauses(statements);
  await dropCreatesOfExistingSchemas(connector, clauses, cache);
  dropUnusedUuidExtension(connector, model, clauses);
  await dropAddsOfExistingColumns(connector, clauses, cache);
  await addMissedColumns(connector, model, clauses, cache);
  await dropSettledTypeChanges(connector, clauses, cache);
  await dropSettledNullability(connector, clauses, cache);
  await dropBlockingDefaults(connector, model, clauses);
  await dropSettledIndexes(connector, model, clauses, cache);
  await settleForeignKeys(connector, model, clauses);
  return clauses.statements();
}
