import {IDENTIFIER, splitClausesAsWritten} from '../planner/statement-clauses';
import type {SqlDialect} from './sql-split';

/**
 * A statement's quoted parts (identifiers, string literals), each kept as
 * written, and the text between them, read with the dialect's rules; a lone
 * quote character is a quote left open.
 */
const PARTS: Record<SqlDialect, RegExp> = {
  mysql:
    /`(?:[^`]|``)*`|"(?:[^"\\]|\\[\s\S]|"")*"|'(?:[^'\\]|\\[\s\S]|'')*'|[^`"']+|[\s\S]/g,
  postgresql: /"(?:[^"]|"")*"|'(?:[^']|'')*'|[^"']+|[\s\S]/g,
};

/**
 * `text` with single spaces between its words and punctuation, none after
 * `(` nor before `)` and `,`, and none at either end: the spacing of the
 * connectors' index and foreign key clauses, which paste keywords around
 * empty parts (`ADD ` + `''` + ` INDEX `). Quoted identifiers and string
 * literals are kept as they are; a text with a quote left open is returned
 * as it is. Only for text the connector writes itself, keywords and names.
 */
export function withTidySpacing(text: string, dialect: SqlDialect): string {
  const parts = text.match(PARTS[dialect]) ?? [];
  if (parts.some(part => /^[`"']$/.test(part))) return text;
  return parts
    .map(part =>
      /^[`"']/.test(part)
        ? part
        : part
            .replace(/\s+/g, ' ')
            .replace(/\( /g, '(')
            .replace(/ (?=[),])/g, ''),
    )
    .join('')
    .trim();
}

const ALTER_TABLE = new RegExp(
  `^(ALTER\\s+TABLE\\s+${IDENTIFIER}(?:\\s*\\.\\s*${IDENTIFIER})?)\\s+([\\s\\S]+)$`,
  'i',
);

/** How a connector separates the clauses of an `ALTER TABLE` when it is tidy. */
const TIDY_SEPARATOR = /^,[ \n]$/;

/**
 * An `ALTER TABLE` with each clause passed through `clause` and the clauses
 * joined by `, ` where a clause changed or a comma between two has other
 * white space around it than one space or line break after it (PostgreSQL's
 * `... DEFAULT 3  ,   ALTER COLUMN ...`); as it is otherwise, and any
 * other statement as it is. The commas are those outside quotes and
 * parentheses, and the clauses keep their text (`clause` aside).
 */
export function withTidyClauses(
  sql: string,
  clause: (text: string) => string = text => text,
): string {
  const match = ALTER_TABLE.exec(sql);
  if (!match) return sql;
  const written = splitClausesAsWritten(match[2]);
  const trimmed = written.map(part => part.trim());
  if (trimmed.some(part => part === '')) return sql;
  const clauses = trimmed.map(clause);
  const changed = clauses.some((text, i) => text !== trimmed[i]);
  const untidy = written.slice(1).some((part, i) => {
    const before = /\s*$/.exec(written[i])![0];
    const after = /^\s*/.exec(part)![0];
    return !TIDY_SEPARATOR.test(`${before},${after}`);
  });
  return changed || untidy ? `${match[1]} ${clauses.join(', ')}` : sql;
}
