import {
  IDENTIFIER,
  unquote,
  type StatementClauses,
} from '../../planner/statement-clauses';
import {connectPg, type PgConnector} from './client';
import {foldPg} from './fold';

const ADD_COLUMN = new RegExp(`^ADD\\s+COLUMN\\s+(${IDENTIFIER})\\s`, 'i');

/**
 * Take out `ADD COLUMN c` where the table already has column `c`. The
 * connector looks a property's column up by passing the column name where
 * it takes a property name: a `columnName` with upper-case letters that is
 * not also the property's name (`userId` as `UserId`) is lower-cased and
 * never found, so every run adds the column again and fails with "already
 * exists". Its type and nullability are still compared (by property).
 */
export async function dropAddsOfExistingColumns(
  connector: PgConnector,
  clauses: StatementClauses,
): Promise<void> {
  const adds = clauses.remaining().flatMap(clause => {
    const match = ADD_COLUMN.exec(clause.text.trim());
    return match && clause.table
      ? [{clause, table: clause.table, column: unquote(match[1], foldPg)}]
      : [];
  });
  if (adds.length === 0) return;
  const client = await connectPg(connector);
  try {
    const columns = new Map<string, Set<string>>();
    for (const add of adds) {
      let existing = columns.get(add.table);
      if (!existing) {
        const result = await client.query(
          `SELECT a.attname AS "name" FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
          [add.table],
        );
        existing = new Set(
          (result.rows as {name: string}[]).map(row => row.name),
        );
        columns.set(add.table, existing);
      }
      if (existing.has(add.column)) clauses.remove(add.clause);
    }
  } finally {
    client.release();
  }
}
