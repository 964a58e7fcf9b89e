import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  addedForeignKeys,
  foreignKeyPairs,
  type StatedForeignKey,
} from '../../planner/foreign-key-pairs';
import type {Clause, StatementClauses} from '../../planner/statement-clauses';
import {foldPg} from './fold';
import {quote} from './online';

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

/**
 * Settle a model's foreign key clauses against the catalog:
 *
 * - take out `DROP CONSTRAINT x` + `ADD CONSTRAINT x FOREIGN KEY` where the
 *   foreign key already is what the ADD makes (the connector compares
 *   property names with column names);
 * - take out a lone `ADD CONSTRAINT x FOREIGN KEY` of an existing table (not
 *   one the statements create) where the table has that very key, and drop
 *   `x` first, by a statement of its own, where the table has a foreign
 *   key `x` that differs: the connector looks the table's keys up by their
 *   settings key, so a key declared `fkOrderCustomer: {name:
 *   'fk_order_customer', ...}` on a column not named after its property is
 *   added again on every run, which PostgreSQL refuses ("constraint ...
 *   already exists").
 */
export async function settleForeignKeys(
  connector: JugglerConnector,
  model: string,
  clauses: StatementClauses,
): Promise<void> {
  const catalog = new Map<string, CatalogForeignKey[]>();
  const existing = async (table: string, name: string) => {
    if (!catalog.has(table)) {
      catalog.set(table, await tableForeignKeys(connector, table));
    }
    return catalog.get(table)!.find(fk => fk.name === name);
  };
  for (const pair of foreignKeyPairs(clauses, foldPg)) {
    const found = await existing(pair.table, pair.stated.name);
    if (found && sameForeignKey(connector, model, pair.stated, found)) {
      clauses.remove(pair.drop);
      clauses.remove(pair.add);
    }
  }
  // A model's statements that create its table add its keys to the new
  // table: a key of that name in the catalog belongs to the table a
  // rebuild drops first.
  if (clauses.all().some(c => /^\s*CREATE\s+TABLE\b/i.test(c.text))) return;
  const at = (clause: Clause) => `${clause.statement}:${clause.index}`;
  const replaced = new Set(
    foreignKeyPairs(clauses, foldPg).map(pair => at(pair.add)),
  );
  for (const added of addedForeignKeys(clauses, foldPg)) {
    if (replaced.has(at(added.add))) continue;
    const found = await existing(added.table, added.stated.name);
    if (!found) continue;
    if (sameForeignKey(connector, model, added.stated, found)) {
      clauses.remove(added.add);
    } else {
      // A statement of its own, as the connector drops a key: the phases
      // run drops first and adds after every table is made.
      clauses.precede(
        added.add,
        `ALTER TABLE ${added.table} DROP CONSTRAINT IF EXISTS ${quote(found.name)}`,
      );
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
