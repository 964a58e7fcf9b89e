import {
  IDENTIFIER,
  identifierParts,
  type Clause,
  type StatementClauses,
} from './statement-clauses';
import {unquote} from './statement-clauses';

/** A foreign key as an `ADD CONSTRAINT ... FOREIGN KEY` clause states it. */
export interface StatedForeignKey {
  readonly name: string;
  /** The columns as written, unquoted. */
  readonly columns: readonly string[];
  /** The referenced table: `[schema, table]` or `[table]`. */
  readonly target: readonly string[];
  readonly targetColumns: readonly string[];
  /** Upper case, single-spaced; `undefined` when not stated. */
  readonly onDelete?: string;
  readonly onUpdate?: string;
}

/** A foreign key that a model's statements drop and add again. */
export interface ForeignKeyPair {
  readonly drop: Clause;
  readonly add: Clause;
  /** The table, as its `ALTER TABLE` writes it. */
  readonly table: string;
  readonly stated: StatedForeignKey;
}

const NAMES = `${IDENTIFIER}(?:\\s*,\\s*${IDENTIFIER})*`;
const ACTION = 'NO\\s+ACTION|RESTRICT|CASCADE|SET\\s+NULL|SET\\s+DEFAULT';
const ADD_FOREIGN_KEY = new RegExp(
  `^ADD\\s+CONSTRAINT\\s+(${IDENTIFIER})\\s+FOREIGN\\s+KEY\\s*\\(\\s*(${NAMES})\\s*\\)` +
    `\\s*REFERENCES\\s+(${IDENTIFIER}(?:\\s*\\.\\s*${IDENTIFIER})?)\\s*\\(\\s*(${NAMES})\\s*\\)` +
    `(?:\\s+ON\\s+DELETE\\s+(${ACTION}))?(?:\\s+ON\\s+UPDATE\\s+(${ACTION}))?$`,
  'i',
);
const DROP_FOREIGN_KEY = new RegExp(
  `^DROP\\s+(?:CONSTRAINT\\s+(?:IF\\s+EXISTS\\s+)?|FOREIGN\\s+KEY\\s+)(${IDENTIFIER})$`,
  'i',
);

/**
 * The foreign key an `ADD CONSTRAINT ... FOREIGN KEY` clause adds, or
 * `undefined` for another clause. Bare names are folded with `fold`.
 */
export function statedForeignKey(
  clause: string,
  fold: (name: string) => string,
): StatedForeignKey | undefined {
  const match = ADD_FOREIGN_KEY.exec(clause.trim());
  if (!match) return undefined;
  const [, name, columns, target, targetColumns, onDelete, onUpdate] = match;
  return {
    name: unquote(name, fold),
    columns: identifierParts(columns, fold),
    target: identifierParts(target, fold),
    targetColumns: identifierParts(targetColumns, fold),
    onDelete: onDelete && action(onDelete),
    onUpdate: onUpdate && action(onUpdate),
  };
}

/** The constraint a `DROP CONSTRAINT` / `DROP FOREIGN KEY` clause drops. */
export function droppedConstraint(
  clause: string,
  fold: (name: string) => string,
): string | undefined {
  const match = DROP_FOREIGN_KEY.exec(clause.trim());
  return match ? unquote(match[1], fold) : undefined;
}

/**
 * The foreign keys that the statements drop and then add again under the
 * same name on the same table (remaining clauses only).
 */
export function foreignKeyPairs(
  statements: StatementClauses,
  fold: (name: string) => string,
): ForeignKeyPair[] {
  const clauses = statements.remaining().filter(c => c.table !== undefined);
  const tableKey = (c: Clause) => identifierParts(c.table!, fold).join('.');
  const pairs: ForeignKeyPair[] = [];
  for (const drop of clauses) {
    const name = droppedConstraint(drop.text, fold);
    if (name === undefined) continue;
    for (const add of clauses) {
      const stated = statedForeignKey(add.text, fold);
      if (stated?.name !== name || tableKey(add) !== tableKey(drop)) continue;
      pairs.push({drop, add, table: drop.table!, stated});
      break;
    }
  }
  return pairs;
}

/** A foreign key that a model's statements add. */
export interface AddedForeignKey {
  readonly add: Clause;
  /** The table, as its `ALTER TABLE` writes it. */
  readonly table: string;
  readonly stated: StatedForeignKey;
}

/** The foreign keys that the statements add (remaining clauses only). */
export function addedForeignKeys(
  statements: StatementClauses,
  fold: (name: string) => string,
): AddedForeignKey[] {
  return statements.remaining().flatMap(add => {
    const stated = statedForeignKey(add.text, fold);
    return stated && add.table !== undefined
      ? [{add, table: add.table, stated}]
      : [];
  });
}

function action(text: string): string {
  return text.toUpperCase().replace(/\s+/g, ' ');
}
