import {
  IDENTIFIER,
  splitClausesAsWritten,
} from '../../planner/statement-clauses';
import {withTidyClauses, withTidySpacing} from '../statement-spacing';

/** An index clause or `CREATE TABLE` element, as the connector writes one. */
const INDEX = /^(?:ADD\s+)?(?:(?:UNIQUE|FULLTEXT|SPATIAL)\s+)?(?:INDEX|KEY)\b/i;

/** A foreign key clause or element (the connector writes no other constraint). */
const FOREIGN_KEY = /^(?:ADD\s+)?CONSTRAINT\s[\s\S]*\bFOREIGN\s+KEY\b/i;

/** The connector's `CREATE TABLE name (\n  ...\n)[ENGINE=x]`. */
const CREATE_TABLE = new RegExp(
  `^(CREATE\\s+TABLE\\s+${IDENTIFIER}(?:\\s*\\.\\s*${IDENTIFIER})?)\\s*\\((\\n  [\\s\\S]*)\\)\\s*(ENGINE\\s*=\\s*\\w+)?\\s*$`,
  'i',
);

/**
 * A MySQL/MariaDB statement with the spacing the connector garbles in its
 * index and foreign key clauses made single: `ADD  INDEX  \`name\` (...)`,
 * `ADD INDEX \`a\`  (\`a\`) `, `ADD  CONSTRAINT` in an `ALTER TABLE`
 * (joined by `, `), and in a `CREATE TABLE` the same elements (` INDEX`
 * indented by three spaces, `(\`a\`) ,`) and `)ENGINE=InnoDB`, which gets
 * its space. Only white space outside quoted names and strings changes, in
 * those clauses (column definitions, their defaults and comments are kept
 * as written): the statement runs the same. Any other statement is
 * returned as it is.
 */
export function withSingleSpacedIndexes(sql: string): string {
  if (/^ALTER\s/i.test(sql)) return withTidyClauses(sql, tidyElement);
  const match = CREATE_TABLE.exec(sql);
  if (!match) return sql;
  const [, head, body, engine] = match;
  const written = splitClausesAsWritten(body);
  if (written.some(part => part.trim() === '')) return sql;
  const elements = written.map(part => tidyElement(part.trim()));
  return (
    `${head} (\n  ${elements.join(',\n  ')}\n)` + (engine ? ` ${engine}` : '')
  );
}

function tidyElement(text: string): string {
  return INDEX.test(text) || FOREIGN_KEY.test(text)
    ? withTidySpacing(text, 'mysql')
    : text;
}
