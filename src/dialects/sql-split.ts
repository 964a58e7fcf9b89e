/** The SQL dialects whose statement text this package reads. */
export type SqlDialect = 'postgresql' | 'mysql';

/** A character that may continue a bare word (identifier or keyword). */
const WORD_CHAR = /[\w$\u0080-\uffff]/;

/** A PostgreSQL dollar-quote tag: `$$` or `$name$` (a name starts with no digit). */
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/y;

/** What a text must hold to be split or to lose a comment. */
const SPLIT_OR_COMMENT = /;|--|#|\/\*/;

/**
 * Split SQL text holding several statements where the database splits it:
 * at the semicolons outside strings, quoted identifiers, comments and (on
 * PostgreSQL) dollar quotes, each read with the dialect's own rules.
 *
 * - PostgreSQL: `'...'` doubles `''` (standard strings) and, after `E`, also
 *   takes backslash escapes; `"..."` doubles `""`; `$tag$...$tag$`; `--` to
 *   the end of the line; `/* ... *\/`, nested.
 * - MySQL: `'...'` and `"..."` take backslash escapes and doubled quotes;
 *   `` `...` `` doubles ` `` `; `#` and `-- ` (with a space) to the end of the
 *   line; `/* ... *\/`, not nested.
 *
 * Comments are replaced by a space (a statement made only of comments is
 * no statement). Returns trimmed, non-empty statements.
 */
export function splitStatements(text: string, dialect: SqlDialect): string[] {
  // Most texts are one statement without a comment: nothing to read.
  if (!SPLIT_OR_COMMENT.test(text)) {
    const statement = text.trim();
    return statement === '' ? [] : [statement];
  }
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < text.length) {
    const end = tokenEnd(text, i, dialect);
    if (end.comment) {
      current += ' ';
    } else if (text[i] === ';') {
      statements.push(current);
      current = '';
    } else {
      current += text.slice(i, end.at);
    }
    i = end.at;
  }
  statements.push(current);
  return statements.map(s => s.trim()).filter(s => s !== '');
}

interface TokenEnd {
  /** Where the token starting at `i` ends (exclusive). */
  readonly at: number;
  /** Whether the token is a comment. */
  readonly comment?: boolean;
}

function tokenEnd(text: string, i: number, dialect: SqlDialect): TokenEnd {
  const ch = text[i];
  const next = text[i + 1];
  const pg = dialect === 'postgresql';
  if (ch === "'") {
    return {at: quotedEnd(text, i, "'", !pg || escapeString(text, i))};
  }
  if (ch === '"') return {at: quotedEnd(text, i, '"', !pg)};
  if (ch === '`' && !pg) return {at: quotedEnd(text, i, '`', false)};
  if (
    ch === '-' &&
    next === '-' &&
    (pg || /^(?:\s|$)/.test(text[i + 2] ?? ''))
  ) {
    return {at: lineEnd(text, i), comment: true};
  }
  if (ch === '#' && !pg) return {at: lineEnd(text, i), comment: true};
  if (ch === '/' && next === '*') {
    return {at: blockCommentEnd(text, i, pg), comment: true};
  }
  if (ch === '$' && pg && !WORD_CHAR.test(text[i - 1] ?? '')) {
    DOLLAR_TAG.lastIndex = i;
    const tag = DOLLAR_TAG.exec(text);
    if (tag) {
      const close = text.indexOf(tag[0], i + tag[0].length);
      return {at: close < 0 ? text.length : close + tag[0].length};
    }
  }
  if (WORD_CHAR.test(ch)) {
    // A whole word, so that `$` inside one (`a$1$`) starts no dollar quote.
    let at = i + 1;
    while (at < text.length && WORD_CHAR.test(text[at])) at++;
    return {at};
  }
  return {at: i + 1};
}

/** Whether the PostgreSQL string at `i` is an escape string (`E'...'`). */
function escapeString(text: string, i: number): boolean {
  return /[eE]/.test(text[i - 1] ?? '') && !WORD_CHAR.test(text[i - 2] ?? '');
}

/**
 * The end of the quoted text starting at `start`: a doubled quote stays
 * inside; with `backslash`, so does any character after a backslash.
 */
function quotedEnd(
  text: string,
  start: number,
  quote: string,
  backslash: boolean,
): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (backslash && ch === '\\') {
      i += 2;
    } else if (ch === quote) {
      if (text[i + 1] !== quote) return i + 1;
      i += 2;
    } else {
      i++;
    }
  }
  return text.length;
}

function lineEnd(text: string, start: number): number {
  const newline = text.indexOf('\n', start);
  return newline < 0 ? text.length : newline + 1;
}

function blockCommentEnd(text: string, start: number, nested: boolean): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text.startsWith('/*', i) && (nested || depth === 0)) {
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return text.length;
}
