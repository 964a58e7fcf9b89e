import type {Dialect} from '../dialects/contract';
import type {PlannedStatement} from '../types';
import {statedForeignKey} from './foreign-key-pairs';
import {phaseOf} from './sql-text';
import {createdPrimaryKey} from './alter-clauses';
import {StatementClauses, type Clause} from './statement-clauses';
import {statementTarget, type NamedTable} from './statement-target';

/** An `ADD CONSTRAINT ... FOREIGN KEY` clause of a created table's `ALTER TABLE`. */
interface AddedKey {
  /** The statement's position in the plan. */
  readonly statement: number;
  readonly clause: Clause;
  /** The key of the created table it points at. */
  readonly target: string;
  /** The columns it references there. */
  readonly targetColumns: readonly string[];
}

/** A table the plan creates: its `CREATE TABLE` and what comes with it. */
interface CreatedTable {
  readonly key: string;
  readonly create: number;
  /** Its `CREATE INDEX` statements, in plan order. */
  readonly indexes: number[];
  /** Its primary key's columns, as its `CREATE TABLE` defines them. */
  readonly primaryKey: readonly string[];
  readonly keys: AddedKey[];
}

const REASON =
  'creates the table with its foreign keys (the tables they point at are created before it)';

/**
 * The cheapest way to build the tables a plan creates: each `CREATE TABLE`
 * takes the foreign keys the connector adds by a later `ALTER TABLE` as
 * table constraints of its own, where the dialect writes them so
 * (`Dialect.inlineForeignKeys`), and the tables are created in the order
 * of those keys, each followed by its `CREATE INDEX` statements (a key may
 * point at a uniquely indexed column). The key that closes a cycle of
 * created tables stays in a later `ALTER TABLE`, as does every key of a
 * statement judged to fail and every key to a table the plan does not
 * create, and a key to its own table where the table has `CREATE INDEX`
 * statements of its own (the key may need one of them). The catalog built
 * is the same; only the statements differ.
 */
export function inlineForeignKeys(
  statements: readonly PlannedStatement[],
  dialect: Dialect,
): PlannedStatement[] {
  const fold = (name: string) => dialect.fold(name);
  const tables = createdTables(statements, fold);
  if (tables.size === 0) return [...statements];
  const placed = new Set<string>();
  const moved = new Set<number>();
  const inlined = new Map<number, Clause[]>();
  const block: PlannedStatement[] = [];
  for (const table of dependencyOrder(tables)) {
    placed.add(table.key);
    const inline = table.keys.filter(
      key => placed.has(key.target) && !needsOwnIndex(key, table),
    );
    const create = statements[table.create];
    const merged =
      inline.length > 0
        ? dialect.inlineForeignKeys(
            create.sql,
            inline.map(key => key.clause.text),
          )
        : undefined;
    moved.add(table.create);
    block.push(
      merged === undefined ? create : {...create, sql: merged, reason: REASON},
    );
    if (merged !== undefined) {
      for (const key of inline) {
        inlined.set(key.statement, [
          ...(inlined.get(key.statement) ?? []),
          key.clause,
        ]);
      }
    }
    for (const index of table.indexes) {
      block.push(statements[index]);
      moved.add(index);
    }
  }
  const first = Math.min(...[...tables.values()].map(t => t.create));
  return statements.flatMap((statement, index) => {
    if (index === first) return block;
    if (moved.has(index)) return [];
    const gone = inlined.get(index);
    if (!gone) return [statement];
    return withoutClauses(statement, gone);
  });
}

/** A statement without the clauses written inline (nothing when none is left). */
function withoutClauses(
  statement: PlannedStatement,
  clauses: readonly Clause[],
): PlannedStatement[] {
  const rest = new StatementClauses([statement.sql]);
  for (const clause of clauses) rest.remove(clause);
  return rest.statements().map(sql => ({...statement, sql}));
}

/**
 * Whether a key to its own table may need a unique index that the table
 * gets from a `CREATE INDEX` after its `CREATE TABLE` (PostgreSQL): it
 * references other columns than the primary key, and the table has such
 * statements. It stays in its later `ALTER TABLE`.
 */
function needsOwnIndex(key: AddedKey, table: CreatedTable): boolean {
  if (key.target !== table.key || table.indexes.length === 0) return false;
  const primary = new Set(table.primaryKey);
  return !(
    key.targetColumns.length === primary.size &&
    key.targetColumns.every(c => primary.has(c))
  );
}

function createdTables(
  statements: readonly PlannedStatement[],
  fold: (name: string) => string,
): Map<string, CreatedTable> {
  const tables = new Map<string, CreatedTable>();
  const twice = new Set<string>();
  const targets = statements.map(s => statementTarget(s.sql, fold));
  targets.forEach((target, index) => {
    if (target.kind !== 'create-table' || statements[index].willFail) return;
    const key = keyOf(target.table);
    if (tables.has(key)) twice.add(key);
    tables.set(key, {
      key,
      create: index,
      indexes: [],
      keys: [],
      primaryKey: createdPrimaryKey(statements[index].sql, fold),
    });
  });
  // A table created twice is left as the connector wrote it.
  for (const key of twice) tables.delete(key);
  targets.forEach((target, index) => {
    const statement = statements[index];
    if (statement.willFail || !('table' in target) || !target.table) return;
    const table = tables.get(keyOf(target.table));
    if (!table || index < table.create) return;
    if (target.kind === 'create-index') table.indexes.push(index);
    if (
      target.kind === 'alter-table' &&
      phaseOf(statement.sql) === 'add-foreign-keys'
    ) {
      table.keys.push(...addedKeys(statement.sql, index, tables, fold));
    }
  });
  return tables;
}

/**
 * The foreign keys an `ALTER TABLE` adds that point at created tables;
 * none when it has a clause of another kind (it stays as it is).
 */
function addedKeys(
  sql: string,
  statement: number,
  tables: ReadonlyMap<string, CreatedTable>,
  fold: (name: string) => string,
): AddedKey[] {
  const keys: AddedKey[] = [];
  for (const clause of new StatementClauses([sql]).all()) {
    const stated = statedForeignKey(clause.text, fold);
    if (!stated) return [];
    const [schema, name] =
      stated.target.length === 2 ? stated.target : ['', stated.target[0]];
    const target = keyOf({schema, name});
    if (tables.has(target)) {
      keys.push({
        statement,
        clause,
        target,
        targetColumns: stated.targetColumns,
      });
    }
  }
  return keys;
}

/**
 * The created tables, each after the tables its foreign keys point at
 * where there is such an order (stable: ties keep the plan's order); in a
 * cycle the first table of the plan's order goes first.
 */
function dependencyOrder(
  tables: ReadonlyMap<string, CreatedTable>,
): CreatedTable[] {
  const pending = [...tables.values()].sort((a, b) => a.create - b.create);
  const placed = new Set<string>();
  const order: CreatedTable[] = [];
  while (pending.length > 0) {
    const ready = pending.findIndex(table =>
      table.keys.every(
        key => key.target === table.key || placed.has(key.target),
      ),
    );
    const [next] = pending.splice(ready === -1 ? 0 : ready, 1);
    placed.add(next.key);
    order.push(next);
  }
  return order;
}

function keyOf(table: NamedTable): string {
  return JSON.stringify([table.schema, table.name]);
}
