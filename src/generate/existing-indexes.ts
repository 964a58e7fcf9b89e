import {
  describeTable,
  tableKey,
  type IndexRef,
  type TableRef,
} from '../dialects/dialect';
import {statementTarget} from '../planner/statement-target';
import {droppedIndex} from '../planner/statement-clauses';
import {droppedConstraint} from '../planner/foreign-key-pairs';
import {alterClauses, riskyClauses} from '../planner/will-fail/clauses';
import type {SchemaMigrationReport} from '../types';
import {plannedFor, presentAlready, SYNCED_AHEAD_FIX} from './present-already';
import type {ShadowTarget} from './shadow-context';

/**
 * A warning for each datasource whose generated script adds indexes (unique
 * ones and unique constraints included) to existing tables that its own
 * database has already: made without a script, by the schema sync of
 * `migrateSchema()` run on a database that scripts also change, so `up()`
 * fails there with "already exists" (PostgreSQL) or "Duplicate key name"
 * (MySQL). Reads the app's databases' indexes; changes nothing.
 */
export async function indexesThatExistAlready(
  shadows: readonly ShadowTarget[],
  plan: SchemaMigrationReport,
): Promise<string[]> {
  return presentAlready(
    shadows,
    shadow => addedIndexesPresent(shadow, plan),
    (dataSource, existing) =>
      `datasource "${dataSource}": the script adds ${existing.length} index(es) ` +
      `its own database already has (${existing.map(describeIndex).join(', ')}), made ` +
      'without a script (by the schema sync of migrateSchema(), which changed that ' +
      'database after its last script): applied there, up() fails with "already exists" ' +
      `or "Duplicate key name". To fix it: ${SYNCED_AHEAD_FIX}`,
  );
}

/**
 * The indexes the plan adds for `shadow`'s datasource to tables it does not
 * create, and does not drop first, that the database has (one query).
 */
async function addedIndexesPresent(
  shadow: ShadowTarget,
  plan: SchemaMigrationReport,
): Promise<IndexRef[]> {
  const {connector, dialect} = shadow;
  const fold = (name: string) => dialect.fold(name);
  // A name dropped frees the names the database takes for it (on MySQL,
  // the same in another case: a column renamed `Title` to `title` drops
  // index `Title` and adds `title`).
  const key = (table: TableRef, name: string) =>
    `${tableKey(table)}.${dialect.indexKey(name)}`;
  // The name the database keeps (PostgreSQL cuts the connector's long ones).
  const stored = dialect.failures.storedName ?? ((name: string) => name);
  const dropped = new Set<string>();
  const created = new Set<string>();
  const added: IndexRef[] = [];
  for (const statement of plannedFor(plan, shadow)) {
    if (!statement.model) continue;
    const target = statementTarget(statement.sql, fold);
    const table = dialect.tableOf(connector, statement.model);
    // A new table's indexes, in its CREATE TABLE or (PostgreSQL) made
    // after it, are the table's: see tablesThatExistAlready.
    if (target.kind === 'create-table') created.add(tableKey(table));
    if (created.has(tableKey(table))) continue;
    const drops =
      target.kind === 'drop-index'
        ? [target.index.name]
        : alterClauses(statement.sql).flatMap(
            clause =>
              droppedIndex(clause, fold) ?? droppedUnique(clause, fold) ?? [],
          );
    for (const name of drops) dropped.add(key(table, name));
    for (const risky of riskyClauses(statement.sql, fold)) {
      if (risky.kind !== 'index' && risky.kind !== 'unique') continue;
      const name = stored(risky.index);
      if (name === '' || dropped.has(key(table, name))) continue;
      added.push({table, name});
    }
  }
  return dialect.existingIndexes(connector, added);
}

/**
 * The constraint a `DROP CONSTRAINT` clause drops (a unique one has an
 * index); not a `DROP FOREIGN KEY`, whose index MySQL keeps.
 */
function droppedUnique(clause: string, fold: (name: string) => string) {
  return /^DROP\s+CONSTRAINT\s/i.test(clause.trim())
    ? droppedConstraint(clause, fold)
    : undefined;
}

function describeIndex(index: IndexRef): string {
  return `"${index.name}" on ${describeTable(index.table)}`;
}
