import {IDENTIFIER, splitClauses} from '../planner/statement-clauses';
import type {InverseStatement} from './shadow';

/** A table name, maybe schema-qualified, as a capturing regular expression source. */
export const TABLE = `(${IDENTIFIER}(?:\\s*\\.\\s*${IDENTIFIER})?)`;
/** One identifier, as a capturing regular expression source. */
export const NAME = `(${IDENTIFIER})`;

/**
 * How one clause of an `ALTER TABLE` is undone: its inverse clause; nothing
 * (`kept`: undoing another clause undoes it too; an empty reason for a
 * clause that says how the change is made, not what, such as MySQL's
 * `ALGORITHM`, left out of the statement's reason); or why it cannot be.
 */
export type ClauseInverse =
  {readonly clause: string} | {readonly kept: string} | {readonly none: string};

/** A rule: the inverse of the statements (or clauses) `pattern` matches. */
export interface InverseRule<T> {
  readonly pattern: RegExp;
  readonly inverse: (match: RegExpExecArray) => T;
}

const ALTER = new RegExp(
  `^ALTER\\s+TABLE\\s+(?:ONLY\\s+)?${TABLE}\\s+([\\s\\S]+)$`,
  'i',
);

/**
 * The exact inverse of `sql` by the first matching statement rule; an
 * `ALTER TABLE` is undone clause by clause (last first) by the clause rules,
 * and has no inverse when one of its clauses has none.
 */
export function inverseByRules(
  sql: string,
  statements: readonly InverseRule<InverseStatement>[],
  clauses: readonly InverseRule<ClauseInverse>[],
): InverseStatement {
  const text = sql.trim();
  for (const rule of statements) {
    const match = rule.pattern.exec(text);
    if (match) return rule.inverse(match);
  }
  const alter = ALTER.exec(text);
  if (!alter) return {none: 'this kind of statement has no exact inverse'};
  const undone: string[] = [];
  const kept: string[] = [];
  for (const clause of splitClauses(alter[2]).map(c => c.trim())) {
    const inverse = clauseInverse(clause, clauses);
    if ('none' in inverse) return {none: `${clause}: ${inverse.none}`};
    if ('kept' in inverse) {
      if (inverse.kept) kept.push(inverse.kept);
    } else undone.unshift(inverse.clause);
  }
  return undone.length > 0
    ? {sql: `ALTER TABLE ${alter[1]} ${undone.join(', ')}`}
    : {kept: kept.join('; ')};
}

function clauseInverse(
  clause: string,
  rules: readonly InverseRule<ClauseInverse>[],
): ClauseInverse {
  for (const rule of rules) {
    const match = rule.pattern.exec(clause);
    if (match) return rule.inverse(match);
  }
  return {none: 'this change has no exact inverse'};
}

/**
 * Why a clause that replaces a column's definition has no inverse: the
 * definition it replaces is neither in the statement nor known from the
 * shadow database's catalog (see `ShadowDatabases.definitions`).
 */
export const UNKNOWN_COLUMN =
  "the column's previous definition is not in the statement nor found in the shadow database (write the reverse change by hand)";
/** Why a dropped index or constraint cannot be created again: its definition is not known. */
export const UNKNOWN_DROPPED =
  'the dropped definition is not in the statement nor found in the shadow database (write its CREATE by hand)';

/** Clauses and statements that destroy what they change: why they have no inverse. */
export const IRREVERSIBLE: readonly InverseRule<ClauseInverse>[] = [
  {
    pattern: /^DROP\s+(?:COLUMN\s+)?(?!INDEX|KEY|CONSTRAINT|FOREIGN|PRIMARY)/i,
    inverse: () => ({
      none: 'a dropped column cannot be restored with its data',
    }),
  },
  {
    pattern:
      /^(?:ALTER\s+COLUMN\s+\S+\s+(?:SET\s+DATA\s+)?TYPE|MODIFY|CHANGE)\b/i,
    inverse: () => ({none: UNKNOWN_COLUMN}),
  },
  {
    pattern: /^DROP\s+(?:CONSTRAINT|INDEX|KEY|FOREIGN\s+KEY|PRIMARY\s+KEY)\b/i,
    inverse: () => ({none: UNKNOWN_DROPPED}),
  },
];

/** Whole statements that have no inverse, and why. */
export const IRREVERSIBLE_STATEMENTS: readonly InverseRule<InverseStatement>[] =
  [
    {
      pattern: /^DROP\s+TABLE\b/i,
      inverse: () => ({
        none: 'a dropped table cannot be restored with its data',
      }),
    },
    {
      pattern: /^DROP\s+INDEX\b/i,
      inverse: () => ({none: UNKNOWN_DROPPED}),
    },
  ];
