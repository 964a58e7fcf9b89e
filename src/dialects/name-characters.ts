import {InvalidModelError} from '../errors';
import type {ModelName} from './model-names';

/**
 * Refuse a model naming anything the connector creates (schema, table,
 * column, index, foreign key) with a character the database or its
 * connector cannot take: found before any change, where the database would
 * refuse the name only at its statement (MySQL/MariaDB then keep the
 * statements before it) or the connector would fail on it at every run.
 *
 * - both databases: a NUL character (PostgreSQL's protocol cannot send it,
 *   MySQL/MariaDB cut the statement there);
 * - PostgreSQL: a table name that is no valid regular expression, which the
 *   connector makes of it to read the table's indexes (`?`, `*x`, `(x`);
 * - MySQL/MariaDB: a name ending with a space, a character outside Unicode's
 *   Basic Multilingual Plane (an emoji: refused on a `utf8mb4` connection,
 *   stored unreadable by other clients on the connector's default `utf8`
 *   one), a dot in any name (the connector quotes it as two names, `a`.`b`:
 *   for a table, a table of another database), and a backtick in a foreign key name (the
 *   connector cannot read it back, and drops it unquoted at every later
 *   run: a syntax error).
 */
export function checkNameCharacters(
  model: string,
  names: readonly ModelName[],
  kind: 'postgresql' | 'mysql',
): void {
  for (const name of names) {
    const problem = name.name.includes('\u0000')
      ? 'holds a NUL character (U+0000), which no database name can hold'
      : kind === 'postgresql'
        ? pgProblem(name)
        : mysqlProblem(name);
    if (problem) {
      throw new InvalidModelError(
        `model ${model}: the ${name.what} is named ${JSON.stringify(name.name)}, ` +
          `which ${problem}. Give it another name: ${name.fix}.`,
        model,
      );
    }
  }
}

function pgProblem({what, name}: ModelName): string | undefined {
  if (what !== 'table') return undefined;
  try {
    // As the connector's addIndexes() makes it.
    new RegExp('^' + name + '_([^_]+)_idx');
    return undefined;
  } catch {
    return (
      'the PostgreSQL connector reads as a regular expression to find the ' +
      'indexes of the table, and this one is none: every run would fail'
    );
  }
}

function mysqlProblem({what, name}: ModelName): string | undefined {
  if (/\s$/.test(name)) {
    return 'ends with a space, which MySQL and MariaDB refuse in names';
  }
  if ([...name].some(c => c.codePointAt(0)! > 0xffff)) {
    return (
      "holds a character outside Unicode's Basic Multilingual Plane (such as an " +
      'emoji), which MySQL and MariaDB names cannot hold'
    );
  }
  if (what === 'table' && name.includes('.')) {
    return (
      'holds a dot, which the mysql connector quotes as two names ' +
      '(`a`.`b`): table `b` of another database `a`'
    );
  }
  if (name.includes('.')) {
    return (
      'holds a dot, which the mysql connector quotes as two names ' +
      '(`a`.`b`): the database would refuse the statement'
    );
  }
  if (what === 'foreign key' && name.includes('`')) {
    return (
      'holds a backtick, which the mysql connector cannot read back from the ' +
      'database: every later run would drop the foreign key with a statement ' +
      'the database refuses'
    );
  }
  return undefined;
}
