import {riskyClauses} from '../../planner/will-fail/clauses';
import {statementTarget, type NamedTable} from '../../planner/statement-target';
import type {PlannedStatement} from '../../types';
import {foldPg} from './fold';

/**
 * The statements (by their place in `statements`) that make a unique
 * index a foreign key of the same plan references: such an index must be
 * made in the plan's transaction, before the key, as the plan orders them,
 * not `CONCURRENTLY` after it, which PostgreSQL refuses ("there is no
 * unique constraint matching given keys"). A key referencing an existing
 * table's column that the run makes unique is added in the same run.
 */
export function referencedUniqueIndexes(
  statements: readonly PlannedStatement[],
): Set<number> {
  const keys = statements.flatMap(s =>
    riskyClauses(s.sql, foldPg).flatMap(c =>
      c.kind === 'foreign-key'
        ? [{target: c.target, columns: c.targetColumns}]
        : [],
    ),
  );
  const referenced = new Set<number>();
  if (keys.length === 0) return referenced;
  for (const [place, statement] of statements.entries()) {
    const target = statementTarget(statement.sql, foldPg);
    if (target.kind !== 'create-index') continue;
    const [unique] = riskyClauses(statement.sql, foldPg);
    if (unique?.kind !== 'unique') continue;
    if (
      keys.some(
        k =>
          sameTable(k.target, target.table) &&
          sameSet(k.columns, unique.columns),
      )
    ) {
      referenced.add(place);
    }
  }
  return referenced;
}

function sameTable(a: NamedTable, b: NamedTable): boolean {
  return (
    a.name === b.name &&
    (a.schema === '' || b.schema === '' || a.schema === b.schema)
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === b.length && b.every(c => set.has(c));
}
