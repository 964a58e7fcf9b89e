import {unquote} from '../planner/statement-clauses';
import type {PlannedStatement} from '../types';

/** A constraint name as written: double-quoted, back-quoted or bare. */
const NAME = '("(?:[^"]|"")+"|`(?:[^`]|``)+`|[\\w$]+)';
const ADDED = new RegExp(
  `\\bADD\\s+CONSTRAINT\\s+${NAME}\\s+(FOREIGN\\s+KEY\\b)?`,
  'gi',
);
const DROPPED = new RegExp(
  `\\bDROP\\s+(?:CONSTRAINT|FOREIGN\\s+KEY)\\s+(?:IF\\s+EXISTS\\s+)?${NAME}`,
  'gi',
);
/**
 * MariaDB's checked foreign key (`checked-foreign-key.ts`): it adds keys,
 * and drops them again only when a row has no match.
 */
const COMPOUND = /^BEGIN\s+NOT\s+ATOMIC\b/i;

/**
 * The foreign keys a plan's statements add or drop and add again, and the
 * constraints they drop, in words, by model (`, model Todo: foreign key
 * "fk_todo_list" is missing`): what does not depend on the rows, where the
 * form of adding a key does (PostgreSQL's `NOT VALID` then `VALIDATE`,
 * MariaDB's checked statement on a table that exists). A constraint dropped
 * after the plan added it as another kind (the check constraint of an
 * online `SET NOT NULL`) is none.
 */
export function foreignKeyDifferences(
  statements: readonly PlannedStatement[],
): string[] {
  const byModel = new Map<string, Names>();
  for (const {sql, model} of statements) {
    const label = model ? `, model ${model}` : '';
    const names = byModel.get(label) ?? newNames();
    byModel.set(label, names);
    const text = sql.trim();
    for (const [, name, foreignKey] of text.matchAll(ADDED)) {
      (foreignKey ? names.addedKeys : names.addedOthers).add(unquote(name));
    }
    if (COMPOUND.test(text)) continue;
    for (const [, name] of text.matchAll(DROPPED)) {
      names.dropped.add(unquote(name));
    }
  }
  return [...byModel].flatMap(([label, {addedKeys, addedOthers, dropped}]) => [
    ...[...addedKeys].map(name =>
      dropped.has(name)
        ? `${label}: foreign key "${name}" is defined otherwise in the database`
        : `${label}: foreign key "${name}" is missing`,
    ),
    ...[...dropped]
      .filter(name => !addedKeys.has(name) && !addedOthers.has(name))
      .map(
        name =>
          `${label}: constraint "${name}" is in the database but not in the models`,
      ),
  ]);
}

interface Names {
  readonly addedKeys: Set<string>;
  readonly addedOthers: Set<string>;
  readonly dropped: Set<string>;
}

function newNames(): Names {
  return {addedKeys: new Set(), addedOthers: new Set(), dropped: new Set()};
}
