import {riskyClauses} from '../../planner/will-fail/clauses';
import {IDENTIFIER, unquote} from '../../planner/statement-clauses';
import {
  named,
  QUALIFIED,
  type NamedTable,
} from '../../planner/statement-target';
import type {PlannedStatement} from '../../types';
import {foldPg} from './fold';

const CREATE_UNIQUE_INDEX = new RegExp(
  `^CREATE\\s+UNIQUE\\s+INDEX\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${IDENTIFIER}\\s+ON\\s+${QUALIFIED}` +
    '\\s*(?:USING\\s+\\w+\\s*)?\\(([^()]*)\\)\\s*$',
  'i',
);

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
    const index = CREATE_UNIQUE_INDEX.exec(statement.sql.trim());
    if (!index) continue;
    const table = named(index[1], foldPg);
    const columns = index[2]
      .split(',')
      .map(part => unquote(part.trim().split(/\s+/)[0], foldPg));
    if (
      keys.some(k => sameTable(k.target, table) && sameSet(k.columns, columns))
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
