import {
  columnChanges,
  createdTableElements,
  statesNotNull,
  withoutQuotedText,
} from '../alter-clauses';
import {droppedIndex, IDENTIFIER} from '../statement-clauses';
import {named, QUALIFIED, type NamedTable} from '../statement-target';
import {splitClauses} from '../statement-clauses';
import {unquote} from '../statement-clauses';

/**
 * A clause of a planned statement that the database checks against the
 * stored data, and refuses when the data does not fit.
 */
export type RiskyClause =
  /** `SET NOT NULL`, or a MySQL `MODIFY`/`CHANGE` to `NOT NULL`. */
  | {readonly kind: 'not-null'; readonly column: string}
  /** `ADD COLUMN ... NOT NULL` with no default. */
  | {readonly kind: 'add-not-null'; readonly column: string}
  /** `CREATE UNIQUE INDEX`, `ADD UNIQUE`. */
  | {
      readonly kind: 'unique';
      readonly index: string;
      readonly columns: readonly string[];
      /**
       * The key parts that index a prefix of their column (MySQL
       * `title(5)`): its length, by column. Only the prefix has to be unique.
       */
      readonly prefixes: ReadonlyMap<string, number>;
    }
  /** `CREATE INDEX`, `ADD [FULLTEXT|SPATIAL] INDEX`/`KEY`: fails on a column not there. */
  | {
      readonly kind: 'index';
      readonly index: string;
      readonly columns: readonly string[];
    }
  | {
      readonly kind: 'foreign-key';
      readonly constraint: string;
      readonly columns: readonly string[];
      readonly target: NamedTable;
      readonly targetColumns: readonly string[];
    };

const NAME = `(${IDENTIFIER})`;
/** A parenthesized list, whose parts may hold one level of parentheses (`a(20), b`). */
const LIST = '\\(((?:[^()]|\\([^()]*\\))*)\\)';
const ALTER = new RegExp(
  `^ALTER\\s+TABLE\\s+${IDENTIFIER}(?:\\s*\\.\\s*${IDENTIFIER})?\\s+([\\s\\S]+)$`,
  'i',
);
const CREATE_INDEX = new RegExp(
  `^CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?${NAME}\\s+ON\\s+[\\s\\S]+?${LIST}\\s*$`,
  'i',
);
const ADD_INDEX = new RegExp(
  `^ADD\\s+(?:(?:FULLTEXT|SPATIAL)\\s+)?(?:INDEX|KEY)\\s+(?:${NAME}\\s*)?(?:USING\\s+\\w+\\s*)?${LIST}`,
  'i',
);
const ADD_COLUMN = new RegExp(`^ADD\\s+COLUMN\\s+${NAME}\\s+([\\s\\S]+)$`, 'i');
const ADD_UNIQUE = new RegExp(
  `^ADD\\s+(?:CONSTRAINT\\s+${NAME}\\s+)?UNIQUE\\s+(?:INDEX\\s+|KEY\\s+)?(?:${NAME}\\s*)?${LIST}`,
  'i',
);
const ADD_FOREIGN_KEY = new RegExp(
  `^ADD\\s+(?:CONSTRAINT\\s+${NAME}\\s+)?FOREIGN\\s+KEY\\s+(?:${NAME}\\s*)?${LIST}\\s*` +
    `REFERENCES\\s+${QUALIFIED}\\s*${LIST}`,
  'i',
);
/** A key part: a column, with the length of a prefix (`b(10)`) or not. */
const KEY_PART = new RegExp(`^(${IDENTIFIER})(?:\\s*\\(\\s*(\\d+)\\s*\\))?`);

/**
 * A column definition that fills existing rows by itself. `DEFAULT NULL`
 * (the connector's default of an object property, `default: {}`) fills none.
 */
const FILLS_ROWS =
  /\bDEFAULT\b(?!\s+NULL\b)|\bAUTO_INCREMENT\b|\bGENERATED\b|^(?:small|big)?serial\b/i;

/**
 * The clauses of one connector-generated statement that the database checks
 * against the stored data. `fold` folds bare names as the database does
 * (PostgreSQL: lower case).
 */
export function riskyClauses(
  sql: string,
  fold: (name: string) => string,
): RiskyClause[] {
  const text = sql.trim();
  const index = CREATE_INDEX.exec(text);
  if (index) {
    const name = unquote(index[2], fold);
    return [
      index[1]
        ? uniqueClause(name, index[3], fold)
        : {kind: 'index', index: name, columns: columnList(index[3], fold)},
    ];
  }
  const risky: RiskyClause[] = columnChanges(text)
    .filter(change => change.kind === 'set-not-null')
    .map(change => ({kind: 'not-null', column: change.column}));
  // A foreign key or an index written in a CREATE TABLE (MySQL writes a
  // model's indexes there) is checked as one added after.
  for (const element of createdTableElements(text)) {
    if (!/^(?:CONSTRAINT|UNIQUE|INDEX|KEY)\s/i.test(element)) continue;
    const found = clauseRisk(`ADD ${element}`, fold);
    if (found && found.kind !== 'add-not-null') risky.push(found);
  }
  for (const clause of alterClauses(text)) {
    const found = clauseRisk(clause, fold);
    if (found) risky.push(found);
  }
  return risky;
}

/** The clauses of an `ALTER TABLE` statement; none for another statement. */
export function alterClauses(sql: string): string[] {
  const alter = ALTER.exec(sql.trim());
  return alter ? splitClauses(alter[1]) : [];
}

/** The indexes an `ALTER TABLE` statement drops, their names lower-cased. */
export function droppedIndexNames(sql: string): Set<string> {
  return new Set(
    alterClauses(sql).flatMap(c => droppedIndex(c)?.toLowerCase() ?? []),
  );
}

function clauseRisk(
  clause: string,
  fold: (name: string) => string,
): RiskyClause | undefined {
  const fk = ADD_FOREIGN_KEY.exec(clause);
  if (fk) {
    return {
      kind: 'foreign-key',
      constraint: unquote(fk[1] ?? fk[2] ?? '', fold),
      columns: columnList(fk[3], fold),
      target: named(fk[4], fold),
      targetColumns: columnList(fk[5], fold),
    };
  }
  const unique = ADD_UNIQUE.exec(clause);
  if (unique) {
    const name = unquote(unique[1] ?? unique[2] ?? '', fold);
    return uniqueClause(name, unique[3], fold);
  }
  const index = ADD_INDEX.exec(clause);
  if (index) {
    return {
      kind: 'index',
      index: unquote(index[1] ?? '', fold),
      columns: columnList(index[2], fold),
    };
  }
  const added = ADD_COLUMN.exec(clause);
  if (!added) return undefined;
  const definition = added[2];
  if (
    !statesNotNull(definition) ||
    FILLS_ROWS.test(withoutQuotedText(definition))
  )
    return undefined;
  return {kind: 'add-not-null', column: unquote(added[1], fold)};
}

/**
 * The columns a statement adds (`sameValue`: those every existing row gets
 * the same default in) and drops, and the column types it sets (later
 * clauses win).
 */
export function plannedColumns(sql: string): {
  added: string[];
  dropped: string[];
  sameValue: string[];
  types: Map<string, string>;
} {
  const added: string[] = [];
  const dropped: string[] = [];
  const sameValue: string[] = [];
  const types = new Map<string, string>();
  for (const change of columnChanges(sql)) {
    if (change.kind === 'add-column') added.push(change.column);
    if (change.kind === 'drop-column') dropped.push(change.column);
    if (change.sameValue) sameValue.push(change.column);
    if (change.type) types.set(change.column, change.type);
  }
  return {added, dropped, sameValue, types};
}

/** A unique index `index` over the key parts of `list`. */
function uniqueClause(
  index: string,
  list: string,
  fold: (name: string) => string,
): Extract<RiskyClause, {kind: 'unique'}> {
  const parts = keyParts(list, fold);
  return {
    kind: 'unique',
    index,
    columns: parts.map(p => p.column),
    prefixes: new Map(
      parts.flatMap(p =>
        p.prefix === undefined ? [] : [[p.column, p.prefix] as const],
      ),
    ),
  };
}

/** `( "a" ASC, b(10) )` → `['a', 'b']`. */
function columnList(list: string, fold: (name: string) => string): string[] {
  return keyParts(list, fold).map(p => p.column);
}

/** `( "a" ASC, b(10) )` → `a`, and `b` with a prefix of 10. */
function keyParts(
  list: string,
  fold: (name: string) => string,
): {column: string; prefix?: number}[] {
  return splitClauses(list).map(part => {
    const key = KEY_PART.exec(part.trim());
    if (!key) return {column: unquote(part, fold)};
    const prefix = key[2] === undefined ? undefined : Number(key[2]);
    return {column: unquote(key[1], fold), prefix};
  });
}
