import type {InverseStatement} from '../dialects/shadow';
import {columnChanges} from '../planner/alter-clauses';

/**
 * What a generated statement does where its table holds rows, which the
 * shadow database it was planned on has not (its tables are empty, so it
 * predicted no failure there), from its text: a new column NOT NULL with
 * no value for the rows, an existing one made NOT NULL (not one whose old
 * definition, as `inverse` restores it, was NOT NULL already: a MySQL
 * `MODIFY` restates it). `undefined` for a statement neither of these.
 */
export function rowsFailure(
  sql: string,
  connector: string,
  inverse?: InverseStatement,
): string | undefined {
  const mysql = connector === 'mysql';
  const requiredBefore = new Set(
    inverse && 'sql' in inverse
      ? columnChanges(inverse.sql)
          .filter(c => c.kind === 'set-not-null')
          .map(c => c.column)
      : [],
  );
  const failures = columnChanges(sql).flatMap(change => {
    const name = `"${change.column}"`;
    if (change.kind === 'add-column' && change.required) {
      return [
        mysql
          ? `where the table holds rows, MySQL/MariaDB give them the type's zero value ` +
            `('', 0) in new NOT NULL column ${name}, as it has no default: give it one, or ` +
            'add it nullable, back-fill it, then make it NOT NULL'
          : `where the table holds rows, PostgreSQL refuses new NOT NULL column ${name}, ` +
            'as it has no default for them: give it one, or add it nullable, back-fill it, ' +
            'then SET NOT NULL',
      ];
    }
    if (change.kind === 'set-not-null' && !requiredBefore.has(change.column)) {
      return [
        `where a row holds NULL in column ${name}, ${mysql ? 'MySQL/MariaDB refuse it (in strict mode; else they store the zero value)' : 'PostgreSQL refuses it'}: ` +
          'back-fill those rows first',
      ];
    }
    return [];
  });
  return failures.length > 0 ? failures.join('; ') : undefined;
}
