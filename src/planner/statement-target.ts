import {IDENTIFIER, identifierParts} from './statement-clauses';
import {unquote} from './statement-clauses';

/** A table named in a statement: its schema ('' when not written) and name. */
export interface NamedTable {
  readonly schema: string;
  readonly name: string;
}

/** What one schema statement does, and to what, read from its text. */
export type StatementTarget =
  | {readonly kind: 'create-schema'; readonly schema: string}
  | {readonly kind: 'create-extension'}
  | {
      readonly kind: 'create-table' | 'alter-table' | 'drop-table';
      readonly table: NamedTable;
    }
  | {
      readonly kind: 'create-index';
      readonly index: string;
      readonly table: NamedTable;
    }
  | {
      /** `table` only where the statement names it (MySQL `... ON t`). */
      readonly kind: 'drop-index';
      readonly index: NamedTable;
      readonly table?: NamedTable;
    }
  | {readonly kind: 'other'};

/** A possibly schema-qualified name, as a regular expression source (one group). */
export const QUALIFIED = `(${IDENTIFIER}(?:\\s*\\.\\s*${IDENTIFIER})?)`;

const IF_EXISTS = '(?:IF\\s+EXISTS\\s+)?';
const IF_NOT_EXISTS = '(?:IF\\s+NOT\\s+EXISTS\\s+)?';

const PATTERNS: ReadonlyArray<
  [RegExp, (m: RegExpExecArray, fold: Fold) => StatementTarget]
> = [
  [
    new RegExp(
      `^CREATE\\s+SCHEMA\\s+${IF_NOT_EXISTS}(${IDENTIFIER})\\s*$`,
      'i',
    ),
    (m, fold) => ({kind: 'create-schema', schema: unquote(m[1], fold)}),
  ],
  [
    new RegExp(
      `^CREATE\\s+EXTENSION\\s+${IF_NOT_EXISTS}${IDENTIFIER}\\s*$`,
      'i',
    ),
    () => ({kind: 'create-extension'}),
  ],
  [
    new RegExp(`^CREATE\\s+TABLE\\s+${IF_NOT_EXISTS}${QUALIFIED}\\s*\\(`, 'i'),
    (m, fold) => ({kind: 'create-table', table: named(m[1], fold)}),
  ],
  [
    new RegExp(`^ALTER\\s+TABLE\\s+${IF_EXISTS}${QUALIFIED}\\s`, 'i'),
    (m, fold) => ({kind: 'alter-table', table: named(m[1], fold)}),
  ],
  [
    new RegExp(`^DROP\\s+TABLE\\s+${IF_EXISTS}${QUALIFIED}\\s*$`, 'i'),
    (m, fold) => ({kind: 'drop-table', table: named(m[1], fold)}),
  ],
  [
    new RegExp(
      `^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:CONCURRENTLY\\s+)?${IF_NOT_EXISTS}` +
        `(${IDENTIFIER})\\s+ON\\s+(?:ONLY\\s+)?${QUALIFIED}\\s*(?:\\(|USING\\b)`,
      'i',
    ),
    (m, fold) => ({
      kind: 'create-index',
      index: unquote(m[1], fold),
      table: named(m[2], fold),
    }),
  ],
  [
    new RegExp(
      `^DROP\\s+INDEX\\s+(?:CONCURRENTLY\\s+)?${IF_EXISTS}${QUALIFIED}` +
        `(?:\\s+ON\\s+${QUALIFIED})?\\s*$`,
      'i',
    ),
    (m, fold) => ({
      kind: 'drop-index',
      index: named(m[1], fold),
      ...(m[2] !== undefined && {table: named(m[2], fold)}),
    }),
  ],
];

/** Folds a bare name as the database does (PostgreSQL: lower case). */
export type Fold = (name: string) => string;

/**
 * What one connector-generated schema statement does and the table it does
 * it to, read from the statement itself. A statement of any other shape (or
 * one with trailing text these shapes do not allow) is `other`.
 */
export function statementTarget(sql: string, fold: Fold): StatementTarget {
  const text = sql.trim();
  for (const [pattern, build] of PATTERNS) {
    const m = pattern.exec(text);
    if (m) return build(m, fold);
  }
  return {kind: 'other'};
}

/** `"public"."todo"` → `{schema: 'public', name: 'todo'}`; `todo` → schema ''. */
export function named(text: string, fold: Fold): NamedTable {
  const [first, second] = identifierParts(text, fold);
  return second === undefined
    ? {schema: '', name: first}
    : {schema: first, name: second};
}
