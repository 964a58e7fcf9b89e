/** The width the header's comments are wrapped to, as Prettier prints code. */
export const COMMENT_WIDTH = 80;

/**
 * `text` as comment lines of at most {@link COMMENT_WIDTH} characters: the
 * first starts with `first` (`'// '`), the others with `rest` (an indented
 * `'//     '` under a list item's `'//   - '`). A longer word (a long
 * quoted name, a statement) stays whole on a line of its own.
 */
export function commentLines(
  text: string,
  first = '// ',
  rest = first,
): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const start = line === first || line === rest;
    if (!start && line.length + 1 + word.length > COMMENT_WIDTH) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (start ? '' : ' ') + word;
    }
  }
  return [...lines, line];
}

/**
 * Clauses (`data loss: none`, `lock: brief`) as comment lines joined by
 * `; `, each starting with `prefix`: a line breaks between two clauses, and
 * inside one only when it alone is longer than a line.
 */
export function commentClauses(
  clauses: readonly string[],
  prefix: string,
): string[] {
  const lines: string[] = [];
  let line = '';
  clauses.forEach((clause, i) => {
    const text = clause + (i < clauses.length - 1 ? ';' : '');
    const joined = line ? `${line} ${text}` : prefix + text;
    if (joined.length <= COMMENT_WIDTH) {
      line = joined;
      return;
    }
    if (line) lines.push(line);
    const wrapped = commentLines(text, prefix);
    lines.push(...wrapped.slice(0, -1));
    line = wrapped[wrapped.length - 1];
  });
  return [...lines, line];
}
