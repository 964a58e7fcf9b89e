/**
 * A quoted ("x", `x`) or bare SQL identifier, as a regular expression
 * source without groups.
 */
export const IDENTIFIER = '(?:"(?:[^"]|"")*"|`(?:[^`]|``)*`|[\\w$]+)';

const ALTER_TABLE = new RegExp(
  `^(ALTER\\s+TABLE\\s+(${IDENTIFIER}(?:\\s*\\.\\s*${IDENTIFIER})?))\\s+([\\s\\S]+)$`,
  'i',
);

/** One clause of a planned statement. */
export interface Clause {
  /**
   * The clause, e.g. `ALTER COLUMN "a" TYPE INTEGER USING "a"::INTEGER`;
   * the whole statement when it is not an `ALTER TABLE`.
   */
  readonly text: string;
  /** The table of an `ALTER TABLE`, as written (`"public"."product"`). */
  readonly table?: string;
  readonly statement: number;
  readonly index: number;
}

interface Parsed {
  readonly sql: string;
  /** `ALTER TABLE <table>`, for statements that are one. */
  readonly head?: string;
  readonly table?: string;
  readonly clauses: readonly string[];
}

/**
 * Planned statements cut into clauses, so that single clauses of an
 * `ALTER TABLE` (which connectors use for several changes at once) can be
 * taken out or restated. Statements keep their text unless a clause of
 * theirs goes or changes.
 */
export class StatementClauses {
  private readonly parsed: readonly Parsed[];
  private readonly removed = new Set<string>();
  private readonly restated = new Map<string, string>();
  private readonly preceding = new Map<number, string[]>();

  constructor(statements: readonly string[]) {
    this.parsed = statements.map(parse);
  }

  /** Every clause, in statement and clause order. */
  all(): Clause[] {
    return this.parsed.flatMap((p, statement) =>
      p.clauses.map((text, index) => ({
        text: this.restated.get(key({statement, index})) ?? text,
        table: p.table,
        statement,
        index,
      })),
    );
  }

  /** The clauses not taken out. */
  remaining(): Clause[] {
    return this.all().filter(c => !this.removed.has(key(c)));
  }

  /** Take a clause out (the whole statement when it is its only clause). */
  remove(clause: Clause): void {
    this.removed.add(key(clause));
  }

  /** Put `text` in place of a clause of an `ALTER TABLE`. */
  restate(clause: Clause, text: string): void {
    if (!this.parsed[clause.statement].head) {
      throw new Error(`not a clause of an ALTER TABLE: ${clause.text}`);
    }
    this.restated.set(key(clause), text);
  }

  /** Put a statement of its own before the clause's statement. */
  precede(clause: Clause, sql: string): void {
    const before = this.preceding.get(clause.statement) ?? [];
    this.preceding.set(clause.statement, [...before, sql]);
  }

  /**
   * The statements, without the clauses taken out, with those restated,
   * each after the statements put before it.
   */
  statements(): string[] {
    return this.parsed.flatMap((p, statement) => [
      ...(this.preceding.get(statement) ?? []),
      ...this.statement(p, statement),
    ]);
  }

  private statement(p: Parsed, statement: number): string[] {
    const changed = p.clauses.some((_, index) =>
      this.restated.has(key({statement, index})),
    );
    const kept = p.clauses.flatMap((text, index) => {
      const at = key({statement, index});
      return this.removed.has(at) ? [] : [this.restated.get(at) ?? text];
    });
    if (kept.length === p.clauses.length && !changed) return [p.sql];
    if (kept.length === 0 || !p.head) return [];
    return [`${p.head} ${kept.join(', ')}`];
  }
}

function key(clause: Pick<Clause, 'statement' | 'index'>): string {
  return `${clause.statement}:${clause.index}`;
}

function parse(sql: string): Parsed {
  const match = ALTER_TABLE.exec(sql.trim());
  if (!match) return {sql, clauses: [sql]};
  const clauses = splitClauses(match[3]);
  return {sql, head: match[1], table: match[2], clauses};
}

/**
 * The names of a possibly qualified identifier (`"public"."product"` →
 * `['public', 'product']`), unquoted. Bare names are folded with `foldBare`
 * (PostgreSQL folds them to lower case; MySQL keeps them).
 */
export function identifierParts(
  text: string,
  foldBare: (name: string) => string = name => name,
): string[] {
  const parts = new RegExp(IDENTIFIER, 'g');
  return (text.match(parts) ?? []).map(part => unquote(part, foldBare));
}

/** One identifier, unquoted (`"a""b"` → `a"b`); bare ones folded. */
export function unquote(
  text: string,
  foldBare: (name: string) => string = name => name,
): string {
  const name = text.trim();
  const quote = name[0];
  if ((quote === '"' || quote === '`') && name.endsWith(quote)) {
    return name
      .slice(1, -1)
      .split(quote + quote)
      .join(quote);
  }
  return foldBare(name);
}

const DROP_INDEX = new RegExp(
  `^DROP\\s+(?:INDEX|KEY)\\s+(?:IF\\s+EXISTS\\s+)?(${IDENTIFIER})$`,
  'i',
);

/**
 * The index an `ALTER TABLE` clause drops (`DROP INDEX x`, `DROP KEY x`,
 * `IF EXISTS` or not), unquoted, bare names folded; `undefined` for any
 * other clause.
 */
export function droppedIndex(
  clause: string,
  foldBare: (name: string) => string = name => name,
): string | undefined {
  const match = DROP_INDEX.exec(clause.trim());
  return match ? unquote(match[1], foldBare) : undefined;
}

/**
 * What `splitClauses()` stops at: a quoted run (skipped whole; one left
 * open runs to the end), a parenthesis or a comma. A regular expression
 * finds them in native code: a loop over every character runs interpreted
 * in a one-off process, and a plan splits every statement several times.
 */
const CLAUSE_TOKEN = /'[^']*'?|"[^"]*"?|`[^`]*`?|[(),]/g;

/** Split an ALTER TABLE body at top-level commas (not in quotes or parentheses). */
export function splitClauses(body: string): string[] {
  return splitClausesAsWritten(body)
    .map(c => c.trim())
    .filter(c => c !== '');
}

/**
 * Split an ALTER TABLE body (or a CREATE TABLE's elements) at top-level
 * commas, as {@link splitClauses} does, each part with the white space
 * around it as written (none left out).
 */
export function splitClausesAsWritten(body: string): string[] {
  const clauses: string[] = [];
  const tokens = new RegExp(CLAUSE_TOKEN);
  let depth = 0;
  let start = 0;
  for (let m = tokens.exec(body); m; m = tokens.exec(body)) {
    const ch = m[0];
    if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    } else if (ch === ',' && depth === 0) {
      clauses.push(body.slice(start, m.index));
      start = m.index + 1;
    }
  }
  clauses.push(body.slice(start));
  return clauses;
}
