import {commentLines} from './comment-lines';

/**
 * Header lines for the warnings of a datasource's plan on its shadow
 * database (those `migrate --generate` prints): a model whose table name
 * changed (the script creates the new table empty and leaves the old one
 * with its rows), the tables no model maps any more, ... The reviewer of
 * the file sees them where the script can still be edited, not only in the
 * output of the command that wrote it.
 */
export function planWarningNotes(warnings: readonly string[]): string[] {
  if (warnings.length === 0) return [];
  const intro =
    'The plan warns (on the shadow database, the scripts applied; ' +
    `migrate --generate printed ${warnings.length === 1 ? 'it' : 'them'} too):`;
  return [
    ...commentLines(intro),
    ...warnings.flatMap(warning =>
      commentLines(sentence(warning), '//   - ', '//     '),
    ),
  ];
}

/** A warning ends with a full stop, where the report's lack one. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
