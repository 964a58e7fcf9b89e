import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  foreignKeyPairs,
  type StatedForeignKey,
} from '../../planner/foreign-key-pairs';
import {StatementClauses} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {foldPg} from './fold';
import {dropAddsOfExistingColumns} from './existing-columns';
import {dropCreatesOfExistingSchemas} from './existing-schemas';
import {dropSettledIndexes} from './settled-indexes';
import {dropSettledTypeChanges} from './settled-types';
import {dropBlockingDefaults} from './blocking-defaults';

/**
 * The PostgreSQL dialect's `withoutNoOps`. It takes out what the connector
 * emits on every run although the catalog already matches the model:
 *
 * - `CREATE SCHEMA IF NOT EXISTS s` where schema `s` exists, which a user
 *   without CREATE on the database may not send
 *   (dropCreatesOfExistingSchemas);
 * - `ADD COLUMN c` where the table has column `c` (dropAddsOfExistingColumns);
 * - `ALTER COLUMN c TYPE t` where the column already has type `t` spelled
 *   otherwise (dropSettledTypeChanges);
 * - `DROP INDEX` of an index that already is as declared
 *   (dropSettledIndexes);
 * - `DROP CONSTRAINT x` + `ADD CONSTRAINT x FOREIGN KEY` where the foreign
 *   key already is what the ADD makes (the connector compares property
 *   names with column names, and looks keys up by their settings key).
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
  await dropAddsOfExistingColumns(connector, clauses, cache);
  await dropSettledTypeChanges(connector, clauses, cache);
  await dropBlockingDefaults(connector, model, clauses);
  await dropSettledIndexes(connector, model, clauses, cache);
  await dropSettledForeignKeys(connector, model, clauses);
  return clauses.statements();
}

// --- foreign keys ----------------------------------------------------------

/** A foreign key as the catalog describes it. */
interface CatalogForeignKey {
  readonly name: string;
  readonly columns: string[];
  readonly targetSchema: string;
  readonly targetTable: string;
  readonly targetColumns: string[];
  /** `pg_constraint.confdeltype`: a, r, c, n or d. */
  readonly onDelete: string;
  readonly onUpdate: string;
  readonly deferrable: boolean;
  readonly match: string;
}

const ACTIONS: Readonly<Record<string, string>> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

async function dropSettledForeignKeys(
  connector: JugglerConnector,
  model: string,
  clauses: StatementClauses,
): Promise<void> {
  const pairs = foreignKeyPairs(clauses, foldPg);
  const catalog = new Map<string, CatalogForeignKey[]>();
  for (const pair of pairs) {
    if (!catalog.has(pair.table)) {
      catalog.set(pair.table, await tableForeignKeys(connector, pair.table));
    }
    const existing = catalog
      .get(pair.table)!
      .find(fk => fk.name === pair.stated.name);
    if (existing && sameForeignKey(connector, model, pair.stated, existing)) {
      clauses.remove(pair.drop);
      clauses.remove(pair.add);
    }
  }
}

function tableForeignKeys(
  connector: JugglerConnector,
  table: string,
): Promise<CatalogForeignKey[]> {
  const columnsOf = (keys: string, table: string) =>
    `ARRAY(SELECT a.attname::text
             FROM unnest(con.${keys}) WITH ORDINALITY AS k(num, pos)
             JOIN pg_catalog.pg_attribute a
               ON a.attrelid = con.${table} AND a.attnum = k.num
            ORDER BY k.pos)`;
  return queryConnector<CatalogForeignKey>(
    connector,
    `SELECT con.conname AS "name", ${columnsOf('conkey', 'conrelid')} AS "columns",
            tns.nspname AS "targetSchema", tcl.relname AS "targetTable",
            ${columnsOf('confkey', 'confrelid')} AS "targetColumns",
            con.confdeltype AS "onDelete", con.confupdtype AS "onUpdate",
            con.condeferrable AS "deferrable", con.confmatchtype AS "match"
       FROM pg_catalog.pg_constraint con
       JOIN pg_catalog.pg_class tcl ON tcl.oid = con.confrelid
       JOIN pg_catalog.pg_namespace tns ON tns.oid = tcl.relnamespace
      WHERE con.contype = 'f' AND con.conrelid = to_regclass($1)`,
    [table],
  );
}

function sameForeignKey(
  connector: JugglerConnector,
  model: string,
  stated: StatedForeignKey,
  existing: CatalogForeignKey,
): boolean {
  const properties = connector._models?.[model]?.properties ?? {};
  // The connector writes the property name where the column goes; the
  // dialect's rewrite() puts the column there before the plan runs.
  const columns = stated.columns.map(name =>
    name in properties ? (connector.column?.(model, name) ?? name) : name,
  );
  const target = stated.target;
  return (
    sameList(columns, existing.columns) &&
    target.at(-1) === existing.targetTable &&
    (target.length < 2 || target[0] === existing.targetSchema) &&
    sameList(stated.targetColumns, existing.targetColumns) &&
    (stated.onDelete ?? 'NO ACTION') === ACTIONS[existing.onDelete] &&
    (stated.onUpdate ?? 'NO ACTION') === ACTIONS[existing.onUpdate] &&
    !existing.deferrable &&
    existing.match === 's'
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
