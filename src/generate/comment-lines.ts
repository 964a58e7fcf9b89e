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
